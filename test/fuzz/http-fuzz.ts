import fc from 'fast-check';
import { describeRequest, type FuzzRequest } from './fuzz-request.js';
import { FuzzFailure } from './fuzz-failure.js';
import { FuzzTally } from './fuzz-tally.js';
import { httpRequests, routeNames } from './http-requests.js';
import { judgeAnswer } from './judge-answer.js';
import { createKnownEntities } from './known-entities.js';
import { sendRequest } from './send-request.js';

/** The API under fuzzing: where it answers, and how far its event store reaches (in any comparable form). */
export interface HttpFuzzTarget {
  readonly baseUrl: string;
  readonly head: () => Promise<string>;
  /** The ADMIN_TOKEN it was started with, so that valid requests reach the operations. */
  readonly adminToken: string;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly runs: number;
  /** Longer than any wait the API may take on its own (its CONSISTENCY_TIMEOUT_MS, STREAM_TIMEOUT_MS). */
  readonly timeoutMs: number;
  /** fast-check's path of one failing run, to replay just that one. */
  readonly path?: string;
  /** Told each request before it is sent: what to report if the process dies on it. */
  readonly onInput?: (description: string) => void;
}

const HEALTH: FuzzRequest = { route: 'GET /health', method: 'GET', path: '/health', headers: {} };

/**
 * Sends `runs` generated requests to every route of the API, one at a time, and checks after
 * each: the answer is a 2xx or a 4xx problem (judgeAnswer), it came within `timeoutMs`, a 4xx
 * appended nothing to the event store, and `/health` still answers. Throws a FuzzFailure
 * with the seed and the request on the first failure; returns the tally otherwise.
 */
export async function fuzzHttp(target: HttpFuzzTarget, options: FuzzOptions): Promise<FuzzTally> {
  const known = await createKnownEntities(target.baseUrl, target.adminToken);
  const tally = new FuzzTally(routeNames(known));
  const property = fc.asyncProperty(httpRequests(known), async (request) => {
    options.onInput?.(describeRequest(request));
    const before = await target.head();
    const answer = await sendRequest(target.baseUrl, request, options.timeoutMs).catch((error: Error) => {
      tally.record(request.route, 'no answer');
      throw error;
    });
    const verdict = judgeAnswer(answer);
    tally.record(request.route, verdict.outcome, answer.status);
    if (verdict.outcome === 'violation') throw new Error(verdict.reason);
    if (answer.status >= 400) {
      const after = await target.head();
      if (after !== before) throw new Error(`answered ${answer.status}, yet the event store moved from ${before} to ${after}`);
    }
    const health = await sendRequest(target.baseUrl, HEALTH, options.timeoutMs).catch((error: Error) => {
      throw new Error(`/health no longer answers after this request: ${error.message}`);
    });
    if (health.status !== 200) throw new Error(`/health answers ${health.status} after this request`);
  });
  const details = await fc.check(property, { seed: options.seed, numRuns: options.runs, endOnFailure: true, ...(options.path ? { path: options.path } : {}) });
  if (details.failed) {
    const [request] = details.counterexample ?? [];
    throw new FuzzFailure('HTTP', details.seed, details.counterexamplePath, request ? describeRequest(request) : '(none)', details.errorInstance, tally);
  }
  return tally;
}
