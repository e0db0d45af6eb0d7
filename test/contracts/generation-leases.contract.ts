import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { LeaseLostError } from '../../src/core/ports/read-model-errors.js';
import { rejectionOf } from '../support/async.js';
import type { RegistryFixture } from './projection-registry.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The GenerationLeases port's contract, run against every reachable adapter (they live beside the registry). */
export function generationLeasesContract(engine: string, fixture: RegistryFixture): void {
  describe(`${engine}: GenerationLeases`, function () {
    let key: string;
    const opened: (() => Promise<void>)[] = [];
    const open = async () => {
      const { leases, close } = await fixture.open();
      opened.push(close);
      return leases;
    };

    beforeEach(function () {
      key = `P${randomBytes(5).toString('hex')}#1`;
    });

    afterEach(async function () {
      for (const close of opened.splice(0).reverse()) await close();
    });

    it('grants a free lease, renews it for its owner under the same epoch, and refuses it to others while it runs', async function () {
      const [a, b] = [await open(), await open()];
      const first = await a.claim(key, 'worker-a', 5_000);
      expect(first).to.be.a('number');
      expect(await a.claim(key, 'worker-a', 5_000)).to.equal(first);
      expect(await b.claim(key, 'worker-b', 5_000)).to.equal(undefined);
    });

    it('lets another take over once it ran out, under a greater epoch, and fences the old one out', async function () {
      const [a, b] = [await open(), await open()];
      const first = (await a.claim(key, 'worker-a', 150))!;
      await sleep(300);
      const second = await b.claim(key, 'worker-b', 5_000);
      expect(second).to.be.above(first);
      expect(await a.claim(key, 'worker-a', 150), 'the deposed owner cannot renew').to.equal(undefined);
      await b.fence(key, second!);
      const refused = await rejectionOf(a.fence(key, first));
      expect(refused).to.be.instanceOf(LeaseLostError);
    });

    it('hands over at once on release, and ignores a release by a non-holder', async function () {
      const [a, b] = [await open(), await open()];
      const first = (await a.claim(key, 'worker-a', 60_000))!;
      await b.release(key, 'worker-b');
      expect(await b.claim(key, 'worker-b', 60_000)).to.equal(undefined);
      await a.release(key, 'worker-a');
      expect(await b.claim(key, 'worker-b', 60_000)).to.be.above(first);
    });

    it('gives one lease to one of many claiming at once', async function () {
      const many = await Promise.all(Array.from({ length: 5 }, () => open()));
      const granted = await Promise.all(many.map((leases, index) => leases.claim(key, `worker-${index}`, 60_000)));
      expect(granted.filter((epoch) => epoch !== undefined)).to.have.length(1);
    });

    it('lists the live workers and the leases held, leaving out the expired, and takes a leaving worker out at once', async function () {
      const [a, b] = [await open(), await open()];
      const [wa, wb, wc] = [`a-${key}`, `b-${key}`, `c-${key}`];
      await a.heartbeat(wa, 60_000);
      await b.heartbeat(wb, 60_000);
      await b.heartbeat(wc, 100);
      const epoch = (await a.claim(key, wa, 60_000))!;
      const other = `${key}-other`;
      await b.claim(other, wb, 100);
      await sleep(250);
      const roster = await b.roster();
      const mine = (owner: string) => owner.endsWith(key);
      expect(roster.workers.filter((worker) => mine(worker.owner)).map((worker) => worker.owner)).to.deep.equal([wa, wb]);
      expect(roster.workers.find((worker) => worker.owner === wa)!.expiresAt.getTime()).to.be.above(Date.now());
      expect(roster.leases.filter((lease) => lease.key === key || lease.key === other)).to.deep.include.members([{ key, owner: wa, epoch, expiresAt: roster.leases.find((l) => l.key === key)!.expiresAt }]);
      expect(roster.leases.some((lease) => lease.key === other), 'an expired lease is not held').to.equal(false);
      await a.leave(wa);
      expect((await b.roster()).workers.map((worker) => worker.owner)).to.not.include(wa);
      await a.release(key, wa);
      expect((await b.roster()).leases.some((lease) => lease.key === key), 'a released lease is not held').to.equal(false);
    });
  });
}
