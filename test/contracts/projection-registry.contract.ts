import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import type { GenerationLeases } from '../../src/core/ports/generation-leases.js';
import type { ProjectionRegistry } from '../../src/core/ports/projection-registry.js';
import { RebuildInProgressError, UnknownGenerationError } from '../../src/core/ports/read-model-errors.js';
import { eventually, rejectionOf } from '../support/async.js';

export interface RegistryFixture {
  /** A registry for one test; two opened in one test share their store, as two processes would. */
  open(): Promise<{ registry: ProjectionRegistry; leases: GenerationLeases; close(): Promise<void> }>;
}

/** The ProjectionRegistry port's contract, run against every reachable adapter. */
export function projectionRegistryContract(engine: string, fixture: RegistryFixture): void {
  describe(`${engine}: ProjectionRegistry`, function () {
    let registry: ProjectionRegistry;
    let close: () => Promise<void>;
    let name: string;
    const states = async () => (await registry.list(name)).map((r) => `${r.generation}:${r.state}:v${r.version}`);

    beforeEach(async function () {
      ({ registry, close } = await fixture.open());
      name = `P${randomBytes(5).toString('hex')}`;
    });

    afterEach(async function () {
      await close();
    });

    it('makes the first generation of a projection live at once', async function () {
      const first = await registry.begin(name, 1);
      expect(first).to.include({ projection: name, generation: 1, version: 1, state: 'live' });
      expect(first.switchedAt).to.be.instanceOf(Date);
      expect(await states()).to.deep.equal(['1:live:v1']);
    });

    it('builds the next generation beside the live one, one at a time', async function () {
      await registry.begin(name, 1);
      expect(await registry.begin(name, 2)).to.include({ generation: 2, state: 'building', version: 2 });
      const second = await rejectionOf(registry.begin(name, 2));
      expect(second).to.be.instanceOf(RebuildInProgressError).with.property('generation', 2);
      expect(await states()).to.deep.equal(['1:live:v1', '2:building:v2']);
    });

    it('switches to a building generation and retires the live one in one step', async function () {
      await registry.begin(name, 1);
      await registry.begin(name, 1);
      await registry.switchTo(name, 2);
      expect(await states()).to.deep.equal(['1:retired:v1', '2:live:v1']);
      expect(await rejectionOf(registry.switchTo(name, 2))).to.be.instanceOf(UnknownGenerationError);
    });

    it('abandons a rebuild as failed or cancelled, with its reason, leaving the live one', async function () {
      await registry.begin(name, 1);
      await registry.begin(name, 1);
      await registry.abandon(name, 2, 'failed', 'handler threw');
      expect((await registry.list(name)).find((r) => r.generation === 2)).to.include({ state: 'failed', error: 'handler threw' });
      await registry.begin(name, 1);
      await registry.abandon(name, 3, 'cancelled');
      expect(await states()).to.deep.equal(['1:live:v1', '2:failed:v1', '3:cancelled:v1']);
      expect(await rejectionOf(registry.switchTo(name, 3))).to.be.instanceOf(UnknownGenerationError);
    });

    it('forgets ended generations but never the live one', async function () {
      await registry.begin(name, 1);
      await registry.begin(name, 1);
      await registry.switchTo(name, 2);
      await registry.forget(name, 1);
      await registry.forget(name, 2);
      expect(await states()).to.deep.equal(['2:live:v1']);
    });

    it('tells listeners of changes made through another registry on the same store', async function () {
      const other = await fixture.open();
      try {
        let heard = 0;
        const stop = registry.onChange(() => (heard += 1));
        await other.registry.begin(name, 1);
        await eventually(() => expect(heard).to.be.above(0), 5_000);
        stop();
      } finally {
        await other.close();
      }
    });
  });
}
