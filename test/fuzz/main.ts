import { FuzzFailure } from './fuzz-failure.js';
import { startFuzzTarget } from './fuzz-target.js';
import { fuzzHttp } from './http-fuzz.js';
import { fuzzWebSocket } from './websocket-fuzz.js';

/**
 * `npm run fuzz`: at least 10,000 HTTP requests over every route, then WebSocket frames,
 * against an API in this process. FUZZ_SEED replays a run (a random seed otherwise, always
 * printed); FUZZ_PATH replays only the failing input of one, with FUZZ_ONLY=http or ws naming
 * which; FUZZ_RUNS and FUZZ_WS_RUNS set how many. Exits 1 with the seed and the input on the
 * first failure.
 */
const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
const path = process.env.FUZZ_PATH;
// Given a path, fast-check starts at that run: one run replays exactly the failing input.
const runs = Number(process.env.FUZZ_RUNS ?? (path ? 1 : 10_000));
const wsRuns = Number(process.env.FUZZ_WS_RUNS ?? (path ? 1 : 2_000));
const timeoutMs = Number(process.env.FUZZ_TIMEOUT_MS ?? 3_000);
const only = process.env.FUZZ_ONLY;

let lastInput = '(none yet)';
// The server runs in this process: if an input kills it, say which one before dying.
process.on('uncaughtException', (error) => {
  console.error(`the process crashed: ${error.stack ?? String(error)}\nreproduce: FUZZ_SEED=${seed} npm run fuzz\nlast input:\n${lastInput}`);
  process.exit(1);
});

console.log(`fuzzing with FUZZ_SEED=${seed}: ${runs} HTTP requests, ${wsRuns} WebSocket runs`);
const { api, target } = await startFuzzTarget();
let exitCode = 0;
try {
  if (only !== 'ws') {
    const started = Date.now();
    const http = await fuzzHttp(target, { seed, runs, timeoutMs, ...(path ? { path } : {}), onInput: (input) => (lastInput = input) });
    console.log(`\n${http.table('HTTP route')}\n${http.total} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  if (only !== 'http') {
    const started = Date.now();
    const ws = await fuzzWebSocket(target, { seed, runs: wsRuns, timeoutMs, ...(path ? { path } : {}), onInput: (input) => (lastInput = input) });
    console.log(`\n${ws.table('WebSocket frame (2xx: Subscribed/Unsubscribed, 4xx: Error; closed: the rest)')}`);
    console.log(`${ws.total} frames in ${wsRuns} connections in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  console.log(`\nno failure with FUZZ_SEED=${seed}`);
} catch (error) {
  exitCode = 1;
  if (error instanceof FuzzFailure) console.error(`\n${error.tally.table(error.kind === 'HTTP' ? 'HTTP route' : 'WebSocket frame')}\n\n${error.message}`);
  else console.error(`the fuzzer itself failed (FUZZ_SEED=${seed}): ${(error as Error).stack ?? String(error)}`);
} finally {
  await api.close();
}
process.exit(exitCode);
