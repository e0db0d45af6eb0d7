import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A port nothing listens on right now. The API runs in another process, so it cannot report an
 * ephemeral port of its own choosing through `PORT=0`; we pick one and hand it over instead.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
