/**
 * Where the core writes what an operator needs to know (a retried batch, a parked event, a
 * lease taken over). Structured: `fields` carry every value (projection, generation,
 * positions, correlation and causation ids, `err`); `message` is a constant sentence, never a
 * format string with a request's or an event's values in it. pino's loggers satisfy it; the
 * composition picks one (`src/observability/create-logger.ts`).
 */
export interface Log {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  /** A log whose every line carries `bindings` too. */
  child(bindings: Record<string, unknown>): Log;
}

/** For code run without a platform (tests, benchmarks): errors and warnings still reach stderr as JSON lines. */
export const STDERR_LOG: Log = stderrLog({});

function stderrLog(bindings: Record<string, unknown>): Log {
  const write = (level: string) => (fields: object, message: string) => {
    const err = (fields as { err?: unknown }).err;
    const described = err instanceof Error ? { err: { type: err.name, message: err.message, stack: err.stack } } : {};
    process.stderr.write(`${JSON.stringify({ level, time: Date.now(), ...bindings, ...fields, ...described, msg: message }, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value))}\n`);
  };
  return { debug: () => undefined, info: () => undefined, warn: write('warn'), error: write('error'), child: (more) => stderrLog({ ...bindings, ...more }) };
}
