import type { Answer } from './send-request.js';

export type Verdict =
  | { readonly outcome: '2xx' | '4xx' | 'limit' }
  | { readonly outcome: 'violation'; readonly reason: string };

// The only 503 a client may get for its own request: a documented connection limit.
const CONNECTION_LIMIT = /^at most \d+ (event streams|WebSocket connections)/;

/**
 * What the API promises for any request: a 2xx, or a 4xx that is a problem (RFC 9457:
 * `application/problem+json`, its `status` the HTTP status, a `detail` sentence). Never a
 * 5xx, save a 503 for a connection limit; never a 1xx or 3xx; and a 200 event stream never
 * carries a 5xx `error` event, which would be a 500 hidden behind the 200.
 */
export function judgeAnswer(answer: Answer): Verdict {
  const { status } = answer;
  const type = String(answer.headers['content-type'] ?? '');
  if (status >= 200 && status < 300) {
    if (!type.startsWith('text/event-stream')) return { outcome: '2xx' };
    const failed = streamErrors(answer.body.toString('utf8')).find((problem) => typeof problem.status !== 'number' || problem.status >= 500);
    return failed ? violation(`the event stream sent an error event ${JSON.stringify(failed)}`) : { outcome: '2xx' };
  }
  if (status < 400 || status > 599) return violation(`status ${status} is never expected`);
  if (!type.includes('application/problem+json')) return violation(`a ${status} with content-type ${JSON.stringify(type)}, not application/problem+json: ${shown(answer)}`);
  let problem: Record<string, unknown>;
  try {
    problem = JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;
  } catch {
    return violation(`a ${status} whose body is not JSON: ${shown(answer)}`);
  }
  if (typeof problem !== 'object' || problem === null) return violation(`a ${status} whose body is not a problem object: ${shown(answer)}`);
  if (problem.status !== status) return violation(`a ${status} whose problem says status ${JSON.stringify(problem.status)}`);
  if (typeof problem.detail !== 'string' || problem.detail.trim() === '') return violation(`a ${status} without a detail: ${shown(answer)}`);
  if (status === 503 && CONNECTION_LIMIT.test(problem.detail)) return { outcome: 'limit' };
  if (status >= 500) return violation(`a ${status}: ${shown(answer)}`);
  return { outcome: '4xx' };
}

function violation(reason: string): Verdict {
  return { outcome: 'violation', reason };
}

/** The data of every `event: error` in a Server-Sent Events body. */
function streamErrors(text: string): Record<string, unknown>[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('event: error\n'))
    .map((block) => {
      const data = block.split('\n').find((line) => line.startsWith('data: '))?.slice('data: '.length) ?? '';
      try {
        return JSON.parse(data) as Record<string, unknown>;
      } catch {
        return { unreadable: data };
      }
    });
}

function shown(answer: Answer): string {
  const text = answer.body.toString('utf8');
  return text.length > 1_000 ? `${text.slice(0, 1_000)}…` : text || '(empty body)';
}
