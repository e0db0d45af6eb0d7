import { expect } from 'chai';
import type { Batch, StoredDocument } from '../../src/core/ports/read-model-store.js';
import type { PreparedBatch } from '../../src/core/runner/batch-processor.js';
import type { CarriedDocuments } from '../../src/core/runner/document-overlay.js';
import { mergePrepared } from '../../src/core/runner/merge-prepared.js';
import { position } from '../../src/core/position.js';

describe('merging handled batches into one commit', function () {
  const at = (n: number) => position(BigInt(n));
  const document = (id: string, n: number): StoredDocument => ({ id, body: { n }, position: at(n), late: [] });
  const carrying = (...documents: StoredDocument[]): CarriedDocuments => {
    const byId = new Map(documents.map((d) => [d.id, d]));
    return { get: (_collection, id) => byId.get(id), has: (_collection, id) => byId.has(id) };
  };
  const batch = (parts: Partial<Batch> & Pick<Batch, 'checkpoint' | 'basedOn'>): Batch => ({
    writes: [],
    deltas: [],
    parked: [],
    unparked: [],
    documentIds: [],
    correlationIds: [],
    correlations: [],
    ...parts,
  });
  const prepared = (b: Batch | undefined, carried: CarriedDocuments | undefined, startedAt = 1): PreparedBatch => ({ startedAt, batch: b, carried });

  it('writes each document once, as the later batch left it, with the later checkpoint and the earlier commit count', function () {
    const earlier = prepared(
      batch({ checkpoint: at(2), basedOn: 4, epoch: 7, writes: [{ collection: 'c', document: document('a', 1) }, { collection: 'c', document: document('b', 2) }], documentIds: ['a', 'b'], correlationIds: ['x'], correlations: [{ correlationId: 'x', documentIds: ['a'] }] }),
      carrying(document('a', 1), document('b', 2)),
      10,
    );
    const later = prepared(
      batch({ checkpoint: at(5), basedOn: 5, epoch: 7, writes: [{ collection: 'c', document: document('a', 3) }, { collection: 'd', document: document('a', 4) }], documentIds: ['a'], correlationIds: ['x', 'y'], correlations: [{ correlationId: 'x', documentIds: ['b'] }, { correlationId: 'y', documentIds: ['a'] }] }),
      carrying(document('a', 3)),
      20,
    );
    const merged = mergePrepared(earlier, later)!;
    expect(merged.startedAt).to.equal(10);
    expect(merged.batch).to.deep.include({ checkpoint: at(5), basedOn: 4, epoch: 7 });
    expect(merged.batch!.writes.map((w) => [w.collection, w.document.id, w.document.body])).to.deep.equal([['c', 'a', { n: 3 }], ['c', 'b', { n: 2 }], ['d', 'a', { n: 4 }]]);
    expect(merged.batch!.documentIds).to.deep.equal(['a', 'b']);
    expect(merged.batch!.correlations).to.deep.equal([{ correlationId: 'x', documentIds: ['a', 'b'] }, { correlationId: 'y', documentIds: ['a'] }]);
    expect(merged.carried!.get('c', 'a')?.body).to.deep.equal({ n: 3 });
    expect(merged.carried!.get('c', 'b')?.body).to.deep.equal({ n: 2 });
    expect(merged.carried!.has('c', 'z')).to.equal(false);
  });

  it('refuses to merge across lease epochs, after a batch that does not carry, or after one that stopped', function () {
    const earlier = prepared(batch({ checkpoint: at(2), basedOn: 0, epoch: 1 }), carrying());
    expect(mergePrepared(earlier, prepared(batch({ checkpoint: at(3), basedOn: 1, epoch: 2 }), carrying()))).to.equal(undefined);
    expect(mergePrepared(prepared(batch({ checkpoint: at(2), basedOn: 0 }), undefined), prepared(batch({ checkpoint: at(3), basedOn: 1 }), carrying()))).to.equal(undefined);
    const stopped = { ...earlier, stoppedAt: { event: {} as never, error: new Error('no') } };
    expect(mergePrepared(stopped, prepared(batch({ checkpoint: at(3), basedOn: 1, epoch: 1 }), carrying()))).to.equal(undefined);
  });

  it('keeps the earlier batch, stopped, when the later one stopped at its first event', function () {
    const earlier = prepared(batch({ checkpoint: at(2), basedOn: 0 }), carrying());
    const merged = mergePrepared(earlier, { startedAt: 2, batch: undefined, carried: undefined, stoppedAt: { event: {} as never, error: new Error('poison') } })!;
    expect(merged.batch).to.equal(earlier.batch);
    expect(merged.stoppedAt?.error.message).to.equal('poison');
    expect(merged.carried).to.equal(undefined);
  });
});
