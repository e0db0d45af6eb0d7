import type { FuzzTally } from './fuzz-tally.js';

/** The first input that broke a property, with what it takes to run it again. */
export class FuzzFailure extends Error {
  constructor(
    readonly kind: 'HTTP' | 'WebSocket',
    readonly seed: number,
    readonly path: string | null | undefined,
    readonly input: string,
    cause: unknown,
    readonly tally: FuzzTally,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      [
        `${kind} fuzzing failed: ${reason}`,
        `reproduce: FUZZ_SEED=${seed}${path ? ` FUZZ_PATH=${path}` : ''} FUZZ_ONLY=${kind === 'HTTP' ? 'http' : 'ws'} npm run fuzz`,
        `input (after ${tally.total} inputs):`,
        input,
      ].join('\n'),
      { cause },
    );
  }
}
