import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { ApiUnderTest } from './api-under-test.js';

/** `Idempotency-Key` on every command route: a retry answers as the first did and appends nothing. */
describe('idempotent retries with Idempotency-Key', function () {
  this.timeout(60_000);
  let api: ApiUnderTest;
  let customerId: string;
  before(async function () {
    api = await ApiUnderTest.start('one process', { IDEMPOTENCY_TTL_MS: '60000' });
    ({ customerId } = (await api.post('/api/customers', { name: 'Ana', email: 'ana@example.com' })).body as { customerId: string });
  });
  after(async function () {
    await api.close();
  });

  const head = async () => (await api.platform.eventStore.headPosition())?.commit ?? 0n;
  const order = (quantity = 1) => ({ customerId, items: [{ productId: 'p1', quantity, unitPrice: 2 }] });
  const withKey = (key: string) => ({ 'idempotency-key': key });

  it('answers a retry with the first answer, same ids and token, and appends nothing', async function () {
    const key = randomUUID();
    const first = await api.post('/api/orders', order(), withKey(key));
    expect(first.status).to.equal(202);
    const before = await head();
    const again = await api.post('/api/orders', order(), { ...withKey(key), 'x-correlation-id': 'another-attempt' });
    expect(again.status).to.equal(202);
    expect(again.body).to.deep.equal(first.body);
    expect(again.headers.get('idempotent-replayed')).to.equal('true');
    expect(await head()).to.equal(before);
  });

  it('treats the same body with its keys in another order as the same request', async function () {
    const key = randomUUID();
    const first = await api.post('/api/products', { name: 'Lamp', price: 10, category: 'home' }, withKey(key));
    const again = await api.post('/api/products', { category: 'home', price: 10, name: 'Lamp' }, withKey(key));
    expect(again.body).to.deep.equal(first.body);
  });

  it('refuses the same key with a different body or on another route (422), appending nothing', async function () {
    const key = randomUUID();
    await api.post('/api/orders', order(1), withKey(key));
    const before = await head();
    const otherBody = await api.post('/api/orders', order(2), withKey(key));
    expect(otherBody.status).to.equal(422);
    expect(otherBody.headers.get('content-type')).to.contain('application/problem+json');
    expect(otherBody.body).to.include({ field: 'Idempotency-Key' });
    expect((await api.post('/api/customers', { name: 'Bo', email: 'bo@example.com' }, withKey(key))).status).to.equal(422);
    expect(await head()).to.equal(before);
  });

  it('runs 20 simultaneous requests with one key once, and gives them all the first answer', async function () {
    const key = randomUUID();
    const before = await head();
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.post('/api/orders', order(), withKey(key))));
    expect(answers.map((answer) => answer.status)).to.deep.equal(Array(20).fill(202));
    expect(new Set(answers.map((answer) => JSON.stringify(answer.body))).size).to.equal(1);
    expect((await head()) - before).to.equal(1n);
  });

  it('recognises a key on another API process, and lets only one of two racing processes append', async function () {
    const key = randomUUID();
    const first = await api.post('/api/orders', order(), withKey(key));
    const second = await api.startSecondApi();
    const before = await head();
    const elsewhere = await fetch(`${second.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...withKey(key) }, body: JSON.stringify(order()) });
    expect(elsewhere.status).to.equal(202);
    expect(await elsewhere.json()).to.deep.equal(first.body);
    const raced = randomUUID();
    const racing = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        fetch(`${i % 2 === 0 ? api.url : second.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...withKey(raced) }, body: JSON.stringify(order(3)) }),
      ),
    );
    expect(racing.map((response) => response.status)).to.deep.equal(Array(10).fill(202));
    expect(new Set(await Promise.all(racing.map(async (response) => JSON.stringify(await response.json())))).size).to.equal(1);
    expect((await head()) - before).to.equal(1n);
    await second.close();
  });

  it('refuses a malformed key', async function () {
    const before = await head();
    for (const key of ['', 'x'.repeat(256), 'has space', 'tab\there']) {
      const response = await fetch(`${api.url}/api/orders`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(order()) });
      expect(response.status, JSON.stringify(key)).to.equal(400);
    }
    expect(await head()).to.equal(before);
  });
});

describe('idempotency keys outlive the process', function () {
  this.timeout(30_000);
  it('answers a retry after a restart with the first answer, appending nothing', async function () {
    const first = await ApiUnderTest.start('one process');
    const key = randomUUID();
    const answer = await first.post('/api/customers', { name: 'Ana', email: 'ana@example.com' }, { 'idempotency-key': key });
    const { dataDir } = first.platform;
    await first.close();
    const restarted = await ApiUnderTest.start('one process', {}, { dataDir });
    try {
      const before = await restarted.platform.eventStore.headPosition();
      const retry = await restarted.post('/api/customers', { name: 'Ana', email: 'ana@example.com' }, { 'idempotency-key': key });
      expect(retry.body).to.deep.equal(answer.body);
      expect(await restarted.platform.eventStore.headPosition()).to.deep.equal(before);
    } finally {
      await restarted.close();
    }
  });
});

describe('idempotency keys expire', function () {
  this.timeout(30_000);
  it('forgets a key after its time, so it may be used for a new request', async function () {
    const api = await ApiUnderTest.start('one process', { IDEMPOTENCY_TTL_MS: '300' });
    try {
      const key = randomUUID();
      const first = await api.post('/api/customers', { name: 'Ana', email: 'ana@example.com' }, { 'idempotency-key': key });
      await new Promise((resolve) => setTimeout(resolve, 400));
      const later = await api.post('/api/customers', { name: 'Bo', email: 'bo@example.com' }, { 'idempotency-key': key });
      expect(later.status).to.equal(202);
      expect(later.body.customerId).to.not.equal(first.body.customerId);
    } finally {
      await api.close();
    }
  });
});
