import { ConfigError } from './load-config.js';

/**
 * An engine named by the configuration did not answer at start. A ConfigError, so that the
 * entry points print its one-line message (endpoint with credentials masked, and the cause)
 * instead of a stack trace: the fix is in the configuration or the engine, not in the code.
 */
export class EngineUnreachableError extends ConfigError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}
