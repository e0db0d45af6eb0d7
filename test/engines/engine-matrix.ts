/**
 * The engines a suite runs against, chosen like Kysely's dialects: all reachable ones, or
 * those named in `ENGINES=sqlite,ferretdb,...`. An engine that is left out or unreachable is
 * reported as skipped, with one printed line saying why, and never counted as passing.
 */
export interface Engine<Fixture> {
  readonly name: string;
  /** Why the engine cannot be used here, or undefined when it can. */
  readonly unavailable: () => string | undefined;
  readonly fixture: () => Fixture;
}

const selected = process.env.ENGINES?.split(',').map((name) => name.trim()).filter(Boolean);

export function describeEachEngine<Fixture>(port: string, engines: readonly Engine<Fixture>[], suite: (engine: string, fixture: Fixture) => void): void {
  for (const engine of engines) {
    const reason = selected && !selected.includes(engine.name) ? `not in ENGINES=${process.env.ENGINES}` : engine.unavailable();
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
