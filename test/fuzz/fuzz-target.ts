import { formatPosition } from '../../src/core/position.js';
import { ApiUnderTest } from '../e2e/api-under-test.js';
import type { HttpFuzzTarget } from './http-fuzz.js';
import type { WebSocketFuzzTarget } from './websocket-fuzz.js';

const ADMIN_TOKEN = 'fuzz-admin-token';

/**
 * The API in this process, set up for fuzzing: waits short enough (300 ms) that a read with
 * `wait=true` or a stream ends well within the fuzzer's timeout, and an admin token so that
 * the operations are reached too.
 */
export async function startFuzzTarget(): Promise<{ api: ApiUnderTest; target: HttpFuzzTarget & WebSocketFuzzTarget }> {
  const api = await ApiUnderTest.start('one process', { CONSISTENCY_TIMEOUT_MS: '300', STREAM_TIMEOUT_MS: '300', ADMIN_TOKEN });
  const head = async () => {
    const position = await api.platform.eventStore.headPosition();
    return position ? formatPosition(position) : 'empty';
  };
  return { api, target: { baseUrl: api.url, wsUrl: api.wsUrl, head, adminToken: ADMIN_TOKEN } };
}
