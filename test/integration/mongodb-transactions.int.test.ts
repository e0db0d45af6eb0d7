import { expect } from 'chai';
import { MongoReadModelDatabase } from '../../src/adapters/mongodb/mongo-read-model-database.js';
import { MongoReadModelStore } from '../../src/adapters/mongodb/mongo-read-model-store.js';
import { serverFeaturesOf } from '../../src/adapters/mongodb/server-features.js';
import { ReadModelStoreError } from '../../src/core/ports/read-model-errors.js';
import { rejectionOf } from '../support/async.js';
import { describeEachEngine } from '../engines/engine-matrix.js';
import { mongodbServer } from '../engines/mongodb-engines.js';

describeEachEngine('MongoDB transaction detection', [mongodbServer], (engine, server) => {
  describe(`${engine}: transaction detection`, function () {
    it('counts a replica set member or a mongos with sessions as transactional, and nothing else', function () {
      const sessions = { logicalSessionTimeoutMinutes: 30 };
      expect(serverFeaturesOf({ ...sessions, setName: 'rs0' })).to.include({ transactions: true, changeStreams: true, topology: 'replica set' });
      expect(serverFeaturesOf({ ...sessions, msg: 'isdbgrid' })).to.include({ transactions: true, changeStreams: true, topology: 'sharded cluster' });
      // FerretDB and a standalone mongod report sessions, yet refuse transactions and change streams.
      expect(serverFeaturesOf({ ...sessions, isWritablePrimary: true })).to.include({ transactions: false, changeStreams: false, topology: 'standalone server' });
      expect(serverFeaturesOf({ setName: 'rs0', logicalSessionTimeoutMinutes: null })).to.include({ transactions: false });
    });

    it('tells FerretDB apart by its buildInfo: no atomic conditional updates, fewer than 100 updates per command', function () {
      const hello = { logicalSessionTimeoutMinutes: 30, isWritablePrimary: true };
      expect(serverFeaturesOf(hello, { version: '7.0.42', ferretdbVersion: 'v1.24.2' })).to.include({ atomicUpdates: false, updatesPerCommand: 20 });
      expect(serverFeaturesOf(hello, { version: '8.0.4' })).to.include({ atomicUpdates: true, updatesPerCommand: Number.POSITIVE_INFINITY });
    });

    it('reads the features of the server at MONGODB_URL from its hello reply, and says so in the store capabilities', async function () {
      const { database, dispose } = await server.open();
      try {
        const hello = await database.db.admin().command({ hello: 1 });
        const replicated = hello.logicalSessionTimeoutMinutes != null && (hello.setName != null || hello.msg === 'isdbgrid');
        expect(database.features.transactions).to.equal(replicated);
        const deltas = database.features.atomicUpdates ? ['documents'] : [];
        expect(new MongoReadModelStore(database).capabilities).to.deep.equal(
          replicated
            ? { transactional: true, consistency: `transactions (${database.features.topology})`, deltas, remote: ['documents'] }
            : { transactional: false, consistency: 'position guards (no transactions: standalone server)', deltas, remote: ['documents'] },
        );
      } finally {
        await dispose();
      }
    });

    it('turns transactions off on request', async function () {
      const { database, dispose } = await server.open({ transactions: false });
      try {
        expect(database.features.transactions).to.equal(false);
        expect(new MongoReadModelStore(database).capabilities).to.include({ transactional: false });
      } finally {
        await dispose();
      }
    });

    it('refuses to require transactions where the server has none', async function () {
      const { database, dispose } = await server.open();
      try {
        if (database.features.transactions) this.skip();
        const refused = await rejectionOf(MongoReadModelDatabase.open({ url: process.env.MONGODB_URL!, database: database.db.databaseName, transactions: true }));
        expect(refused).to.be.instanceOf(ReadModelStoreError).with.property('message').that.matches(/transactions were required/);
      } finally {
        await dispose();
      }
    });
  });
});
