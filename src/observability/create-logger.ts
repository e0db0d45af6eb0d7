import { pino, type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export interface LoggerOptions {
  readonly level: string;
  /** `auto`: pretty when stdout is a terminal, JSON lines otherwise. */
  readonly format: 'auto' | 'json' | 'pretty';
  /** Values that must never reach the log (the admin token): replaced wherever they would appear. */
  readonly secrets?: readonly string[];
  /** Where the lines go: stdout (1, the default) or stderr (2, for commands whose stdout is their answer). */
  readonly fd?: 1 | 2;
  /** Where the lines go instead: tests pass a stream to read them. */
  readonly destination?: DestinationStream;
}

/** Paths that may hold a credential, in any object logged: dropped whatever their value. */
const REDACTED = ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'adminToken', '*.adminToken', '*.*.adminToken'];

/**
 * The one logger factory: structured lines (pino), the same for the API, the access log and
 * the projection runners. Values go in fields, never into the message. A configured secret
 * is replaced in the written line itself, so that it cannot leak through a field no
 * redaction path foresaw (an error message, a URL).
 */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((secret) => secret.length > 0).map((secret) => JSON.stringify(secret).slice(1, -1));
  const fd = options.fd ?? 1;
  const destination =
    options.destination ??
    (resolveLogFormat(options.format, fd) === 'pretty'
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', destination: fd })
      : pino.destination({ fd, sync: true }));
  return pino(
    {
      level: options.level,
      base: { pid: process.pid },
      redact: { paths: REDACTED, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
      ...(secrets.length > 0 ? { hooks: { streamWrite: (line: string) => secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), line) } } : {}),
    },
    destination,
  );
}

/** `auto` decided: pretty on a terminal. Decided once, on the main thread (a worker thread's stdout is never a terminal). */
export function resolveLogFormat(format: LoggerOptions['format'], fd: 1 | 2 = 1): 'json' | 'pretty' {
  if (format !== 'auto') return format;
  return (fd === 1 ? process.stdout : process.stderr).isTTY ? 'pretty' : 'json';
}
