import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { createLogger } from '../../src/observability/create-logger.js';

/** A logger whose JSON lines a test reads back: parsed, and as written. */
export function capturedLog(options: { secrets?: readonly string[] } = {}): { log: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const written: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      const text = chunk.toString();
      written.push(text);
      for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  const log = createLogger({ level: 'debug', format: 'json', destination, ...(options.secrets ? { secrets: options.secrets } : {}) });
  return { log, lines, text: () => written.join('') };
}
