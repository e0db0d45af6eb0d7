import { expect } from 'chai';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from '../../src/api/create-server.js';
import type { Platform } from '../../src/composition/compose.js';
import type { WebSocketGateway } from '../../src/notifications/websocket-gateway.js';
import { eventually } from '../support/async.js';
import { capturedLog } from '../support/captured-log.js';
import { testPlatform } from '../support/test-platform.js';

describe('logs: structured JSON lines', function () {
  this.timeout(30_000);
  const token = 'adm1n-t0ken-that-must-never-show';
  const captured = capturedLog({ secrets: [token] });
  let platform: Platform;
  let server: Server;
  let gateway: WebSocketGateway;
  let url: string;

  before(async function () {
    platform = await testPlatform({ env: { ADMIN_TOKEN: token }, log: captured.log });
    await platform.start();
    ({ server, gateway } = createServer(platform));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async function () {
    gateway.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await platform.close();
  });

  const accessLines = () => captured.lines.filter((line) => line.msg === 'request answered' || line.msg === 'request failed');

  it('writes one access line per request, with its route, status, duration and correlation id, and the URL only as a field', async function () {
    const response = await fetch(`${url}/api/customers`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-correlation-id': 'log-corr-1' },
      body: JSON.stringify({ name: 'Ana', email: 'ana@example.com' }),
    });
    expect(response.status).to.equal(202);
    await fetch(`${url}/api/orders/%25s%25d?x=%25o`);
    await eventually(async () => expect(accessLines().length).to.be.at.least(2));
    const [created, missing] = accessLines().slice(-2);
    expect(created).to.deep.include({ level: 30, msg: 'request answered', route: '/api/customers', correlationId: 'log-corr-1', res: { statusCode: 202 } });
    expect(created!.req).to.include({ method: 'POST', url: '/api/customers' });
    expect(created!.durationMs).to.be.a('number');
    const [event] = await platform.eventStore.readStream(`customer-${(await response.json() as { customerId: string }).customerId}`);
    expect(created!.causationId).to.be.a('string').and.equal(event!.metadata.$causationId);
    expect(missing).to.include({ msg: 'request answered', route: '/api/orders/:id' });
    expect((missing!.req as { url: string }).url).to.equal('/api/orders/%25s%25d?x=%25o');
  });

  it('never writes the admin token: not from its header, not from a URL, not from a refused attempt', async function () {
    const admin = { authorization: `Bearer ${token}` };
    expect((await fetch(`${url}/api/projections/OrderView/parked`, { headers: admin })).status).to.equal(200);
    expect((await fetch(`${url}/api/projections/OrderView/parked`, { headers: { authorization: `Bearer ${token}-wrong` } })).status).to.equal(403);
    expect((await fetch(`${url}/api/no-such-route/${token}?consistentWith=${token}`)).status).to.equal(404);
    await eventually(async () => expect(accessLines().filter((line) => (line.res as { statusCode: number }).statusCode === 403)).to.have.length(1));
    expect(captured.text()).not.to.contain(token);
    expect(captured.text()).not.to.match(/authorization/i);
    expect(accessLines().some((line) => String((line.req as { url: string }).url).includes('[redacted]'))).to.equal(true);
  });

  it('warns of a parked event with its projection, generation, position, and the correlation and causation ids of the write', async function () {
    await platform.eventStore.appendToStream('article-ghost', [
      { type: 'ArticleLiked', data: { articleId: 'ghost', userId: 'u1', likedAt: 'now' }, metadata: { $correlationId: 'log-corr-2', $causationId: 'command-9' } },
    ]);
    await eventually(async () => expect(captured.lines.filter((line) => String(line.msg).startsWith('parked an event'))).to.have.length(1));
    const parked = captured.lines.find((line) => String(line.msg).startsWith('parked an event'))!;
    expect(parked).to.include({ level: 40, projection: 'AuthorStatsView', generation: 1, correlationId: 'log-corr-2', causationId: 'command-9', stream: 'article-ghost', eventType: 'ArticleLiked', attempts: 3 });
    expect(parked.position).to.match(/^\d+$/);
    expect(parked.worker).to.be.a('string');
    expect(parked.msg).not.to.contain('ghost');
  });
});
