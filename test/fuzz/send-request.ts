import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import type { FuzzRequest } from './fuzz-request.js';

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly ms: number;
}

// One kept-alive connection: requests go one by one, so that what each wrote can be told apart.
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/**
 * Sends a request as generated (node:http, not fetch, so that a path or a body goes out
 * byte for byte), and reads the whole answer. Rejects if the answer is not complete within
 * `timeoutMs`, or if the connection ends without one.
 */
export function sendRequest(baseUrl: string, fuzzed: FuzzRequest, timeoutMs: number): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    let answered = false;
    // Node sends a GET's body with neither Content-Length nor chunking (the server then reads it
    // as the next request), so the length is always given.
    const headers = fuzzed.body === undefined ? fuzzed.headers : { ...fuzzed.headers, 'content-length': String(fuzzed.body.length) };
    const outgoing = request({ host: hostname, port, method: fuzzed.method, path: fuzzed.path, headers, agent }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), ms: Date.now() - started });
      });
      res.on('error', (error) => fail(new Error(`the answer broke off: ${error.message}`)));
    });
    const fail = (error: Error) => {
      clearTimeout(timer);
      outgoing.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new Error(`no complete answer within ${timeoutMs} ms (a hang)`)), timeoutMs);
    // A server may answer before it read the whole body (a 413, say) and close: the answer counts.
    outgoing.on('error', (error) => {
      if (!answered) fail(new Error(`the connection ended without an answer: ${error.message}`));
    });
    outgoing.end(fuzzed.body);
  });
}
