/**
 * The engines a suite runs against, chosen like Kysely's dialects: all reachable ones, or
 * those named in `ENGINES=sqlite,ferretdb,...`. An engine that is left out or unreachable is
 * reported as skipped, with one printed line saying why, and never counted as passing.
 */
export interface Engine<Fixture> {
  readonly name: string;
  /**
   * Other names that select it in ENGINES: the MongoDB adapters run on FerretDB here, so
   * `ferretdb` selects them. A configuration of several engines needs every one of its parts.
   */
  readonly selectedBy?: readonly (readonly string[])[];
  /** Why the engine cannot be used here, or undefined when it can. */
  readonly unavailable: () => string | undefined;
  readonly fixture: () => Fixture;
}

const selected = process.env.ENGINES?.split(',').map((name) => name.trim()).filter(Boolean);

export function describeEachEngine<Fixture>(port: string, engines: readonly Engine<Fixture>[], suite: (engine: string, fixture: Fixture) => void): void {
  for (const engine of engines) {
    const reason = selected && !isSelected(engine, selected) ? `not in ENGINES=${process.env.ENGINES}` : engine.unavailable();
    if (reason) {
      console.log(`  skip ${port} on ${engine.name}: ${reason}`);
      // One pending test, so mocha counts and lists the skipped engine (an empty describe.skip shows nothing).
      describe.skip(`${engine.name}: ${port} (${reason})`, () => {
        it('not run');
      });
    } else {
      suite(engine.name, engine.fixture());
    }
  }
}

function isSelected(engine: Engine<unknown>, names: readonly string[]): boolean {
  if (names.includes(engine.name)) return true;
  return (engine.selectedBy ?? []).some((parts) => parts.every((part) => names.includes(part)));
}
