import { expect } from 'chai';
import { STORE_STREAM, storeIdentity } from '../../src/adapters/eventstoredb/store-identity.js';
import { FakeKurrentDB } from '../support/fake-kurrentdb.js';

describe('eventstoredb: the store’s identity', function () {
  it('is made by the first start and read by every later one', async function () {
    const server = new FakeKurrentDB();
    const id = await storeIdentity(server.client);
    expect(id).to.match(/^[0-9a-f-]{36}$/);
    expect(await storeIdentity(server.client)).to.equal(id);
    expect(server.events(STORE_STREAM)).to.have.length(1);
  });

  it('is the same for processes that start at once', async function () {
    const server = new FakeKurrentDB();
    const ids = await Promise.all([storeIdentity(server.client), storeIdentity(server.client), storeIdentity(server.client)]);
    expect(new Set(ids).size).to.equal(1);
    expect(server.events(STORE_STREAM)).to.have.length(1);
  });
});
