import { ConfigError } from '../composition/load-config.js';
import { StartError } from './start-error.js';
import { UsageError } from './usage-error.js';

/**
 * The one line a failed start prints: the message of a setting the operator can fix (bad
 * configuration, busy port), or the failure's message with a hint; the stack only with
 * LOG_LEVEL=debug (or trace), for a failure that is a bug.
 */
export function startFailure(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  if (error instanceof ConfigError || error instanceof StartError || error instanceof UsageError) return error.message;
  const verbose = env.LOG_LEVEL === 'debug' || env.LOG_LEVEL === 'trace';
  if (verbose && error instanceof Error && error.stack) return `Projectionist did not start: ${error.stack}`;
  const message = error instanceof Error ? error.message : String(error);
  return `Projectionist did not start: ${message} (LOG_LEVEL=debug shows the stack)`;
}
