/** One generated HTTP request, exactly as it goes on the wire (the path is sent unencoded, as is). */
export interface FuzzRequest {
  /** The route it aims at, as the README names it (`POST /api/orders/:id`): what the tally counts by. */
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

const SHOWN = 2_000;

/** The request as text a person can read and replay: long values cut, bytes that are not UTF-8 in base64. */
export function describeRequest(request: FuzzRequest): string {
  const lines = [`${request.method} ${cut(request.path)}`, ...Object.entries(request.headers).map(([name, value]) => `${name}: ${cut(value)}`)];
  if (request.body !== undefined) {
    const text = request.body.toString('utf8');
    const utf8 = Buffer.from(text, 'utf8').equals(request.body);
    lines.push('', utf8 ? cut(JSON.stringify(text)) : `(${request.body.length} bytes, not UTF-8, base64) ${cut(request.body.toString('base64'))}`);
  }
  return lines.join('\n');
}

function cut(text: string): string {
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN)}… (${text.length} characters in all)`;
}
