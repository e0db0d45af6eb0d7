import { expect } from 'chai';
import { startFuzzTarget } from '../fuzz/fuzz-target.js';
import { fuzzHttp, type HttpFuzzTarget } from '../fuzz/http-fuzz.js';
import { fuzzWebSocket, type WebSocketFuzzTarget } from '../fuzz/websocket-fuzz.js';
import type { ApiUnderTest } from './api-under-test.js';

// A fixed seed, so that a failure here is the same failure on every machine: `FUZZ_SEED=<seed> npm run fuzz`
// replays it, and `npm run fuzz` tries new seeds with many more inputs.
const SEED = 20_261_203;

describe('fuzzing (fixed seed): generated input gets a 2xx or a precise 4xx, never a 5xx, a hang or a write', function () {
  this.timeout(60_000);
  let api: ApiUnderTest;
  let target: HttpFuzzTarget & WebSocketFuzzTarget;
  before(async function () {
    ({ api, target } = await startFuzzTarget());
  });
  after(async function () {
    await api.close();
  });

  it('answers 1,000 generated requests over every route with a 2xx or a problem, and a refused one writes nothing', async function () {
    const tally = await fuzzHttp(target, { seed: SEED, runs: 1_000, timeoutMs: 5_000 });
    expect(tally.untried(), 'routes the generator never reached').to.deep.equal([]);
    // Both sides of validation are reached: the fuzzer is not just knocking on the door.
    expect(tally.count('2xx')).to.be.above(300);
    expect(tally.count('4xx')).to.be.above(300);
  });

  it('answers each of the WebSocket frames of 300 generated connections exactly once, and keeps serving', async function () {
    const tally = await fuzzWebSocket(target, { seed: SEED, runs: 300, timeoutMs: 5_000 });
    expect(tally.total, 'frames sent').to.be.above(600);
  });
});
