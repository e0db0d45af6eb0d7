import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EventReader, type PageSlice } from '../../src/adapters/sqlite/event-reader.js';
import { EventTypeRegistry } from '../../src/adapters/sqlite/event-type-registry.js';
import { PageReaderThread, type PageReaderSettings } from '../../src/adapters/sqlite/page-reader-thread.js';
import { ReadAhead, type ReadAheadBounds } from '../../src/adapters/sqlite/read-ahead.js';
import { openDatabase } from '../../src/adapters/sqlite/open-database.js';
import { SqliteEventStore } from '../../src/adapters/sqlite/sqlite-event-store.js';
import type { RecordedEvent } from '../../src/core/events.js';
import type { EventTypeFilter } from '../../src/core/ports/event-store.js';
import { scratchDirectory } from '../support/scratch-directory.js';

const CHILD = new URL('./children/read-ahead-child.ts', import.meta.url).pathname;

/** A page reader thread that counts the pages it was asked for and answered. */
class CountingThread extends PageReaderThread {
  answered = 0;
  override async read(filter: EventTypeFilter | undefined, from: number, maxCount: number): Promise<PageSlice[]> {
    const slices = await super.read(filter, from, maxCount);
    this.answered += 1;
    return slices;
  }
}

const PAGE = 100;
const FILTER: EventTypeFilter = { regex: '^(Kept|AlsoKept)$' };

describe('sqlite: reading pages of $all ahead, in a thread of their own', function () {
  this.timeout(30_000);
  const dir = scratchDirectory();
  let file: string;
  let store: SqliteEventStore;
  let db: ReturnType<typeof openDatabase>;
  let closing: (() => Promise<void>)[];

  const append = async (count: number, size = 10) => {
    for (let i = 0; i < count; i += 1) {
      const type = ['Kept', 'Skipped', 'AlsoKept'][i % 3]!;
      await store.appendToStream(`s-${i % 7}`, [{ id: randomUUID(), type, data: { i, text: 'x'.repeat(size) } }]);
    }
  };
  /** A ReadAhead over its own connection, as a store has it, and its thread. */
  const readAhead = async (settings: Partial<PageReaderSettings> = {}, bounds?: ReadAheadBounds) => {
    const types = new EventTypeRegistry(db);
    const thread = new CountingThread({ file, maxEventBytes: 1024 * 1024, storeId: await store.storeId(), ...settings });
    closing.push(() => thread.close());
    return { ahead: new ReadAhead(new EventReader(db, types, 1024 * 1024), types, thread, bounds), thread };
  };
  /** Every page after `from` as the runners read them: from the last event of the page before, inclusive. */
  const pages = async (read: (from: RecordedEvent | undefined) => Promise<RecordedEvent[]>) => {
    const all: RecordedEvent[] = [];
    let last: RecordedEvent | undefined;
    for (;;) {
      const page = await read(last);
      const after = last ? page.slice(1) : page;
      all.push(...after);
      if (page.length < PAGE) return all;
      last = page[page.length - 1];
      // Let the thread answer, as handling a real batch would.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const options = (last: RecordedEvent | undefined) => ({ fromPosition: last?.position ?? ('start' as const), maxCount: PAGE, filter: FILTER });

  beforeEach(function () {
    file = join(dir, `${randomUUID()}.db`);
    store = new SqliteEventStore({ file });
    db = openDatabase(file);
    closing = [];
  });

  afterEach(async function () {
    for (const close of closing) await close();
    db.close();
    await store.close();
  });

  it('reads the same events page after page as reading here, the pages after the first from the thread', async function () {
    await append(1_000);
    const { ahead, thread } = await readAhead();
    const expected = await pages((last) => store.readAll(options(last)));
    const read = await pages((last) => ahead.readAll(options(last)));
    expect(expected).to.have.length(667);
    expect(read).to.deep.equal(expected);
    expect(thread.answered).to.be.at.least(6);
    expect(ahead.servedAhead).to.be.at.least(5);
  });

  it('reads again a page read ahead that ended at the head, so events appended since are not skipped', async function () {
    await append(150);
    const { ahead, thread } = await readAhead();
    const first = await ahead.readAll(options(undefined));
    expect(first).to.have.length(PAGE);
    // The page after it, read ahead now, holds what there is: fewer than a page.
    await waitFor(() => thread.answered === 1);
    await append(300);
    const second = await ahead.readAll(options(first[PAGE - 1]));
    expect(second).to.have.length(PAGE);
    expect(second).to.deep.equal(await store.readAll(options(first[PAGE - 1])));
  });

  it('gives a page read ahead to every reader that asks for it (the partitions of a projection read the same pages)', async function () {
    await append(1_000);
    const { ahead, thread } = await readAhead();
    const first = await pages((last) => ahead.readAll(options(last)));
    const answered = thread.answered;
    const second = await pages((last) => ahead.readAll(options(last)));
    expect(second).to.deep.equal(first);
    expect(thread.answered - answered).to.be.at.most(1);
  });

  it('keeps no more pages than its bounds, counting their text', async function () {
    await append(1_000);
    const { ahead } = await readAhead({}, { pages: 3, units: 30_000 });
    const sizes: { pages: number; units: number }[] = [];
    await pages(async (last) => {
      const page = await ahead.readAll(options(last));
      sizes.push(ahead.kept());
      return page;
    });
    expect(Math.max(...sizes.map((kept) => kept.pages))).to.be.within(1, 3);
    // A page of a hundred of these events is about 14,000 units: two fit, never three.
    expect(Math.max(...sizes.map((kept) => kept.units))).to.be.within(1, 30_000);
    const { ahead: unbounded } = await readAhead();
    await pages(async (last) => unbounded.readAll(options(last)));
    expect(unbounded.kept().pages).to.be.above(3);
  });

  it('hands over slices too long for one JSON text as rows, with the same events', async function () {
    await append(600, 2_000);
    const { ahead, thread } = await readAhead({ sliceBytes: 1_000 });
    const expected = await pages((last) => store.readAll(options(last)));
    const read = await pages((last) => ahead.readAll(options(last)));
    expect(read).to.deep.equal(expected);
    expect(thread.answered).to.be.at.least(2);
    expect(ahead.servedAhead).to.be.at.least(2);
  });

  it('reads nothing ahead from a file that is another store by now', async function () {
    await append(1_000);
    const { ahead, thread } = await readAhead({ storeId: 'another-store' });
    const expected = await pages((last) => store.readAll(options(last)));
    expect(await pages((last) => ahead.readAll(options(last)))).to.deep.equal(expected);
    expect(thread.broken).to.equal(true);
    expect(ahead.servedAhead).to.equal(0);
  });

  it('is what a store opened with readAhead reads with, and never keeps its process alive', function () {
    const child = spawnSync(process.execPath, ['--import', 'tsx', CHILD, join(dir, `${randomUUID()}.db`)], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status, child.stderr).to.equal(0);
    expect(JSON.parse(child.stdout)).to.deep.equal({ read: 201, last: 200 });
  });

  it('reads here when the thread cannot read, and stops asking it', async function () {
    await append(1_000);
    const { ahead, thread } = await readAhead({ file: dir });
    const expected = await pages((last) => store.readAll(options(last)));
    expect(await pages((last) => ahead.readAll(options(last)))).to.deep.equal(expected);
    expect(thread.broken).to.equal(true);
    expect(thread.answered).to.equal(0);
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
