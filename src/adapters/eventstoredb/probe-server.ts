import { END, type KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStoreDbUnreachableError } from './eventstoredb-unreachable-error.js';
import { maskedEndpoint } from './masked-endpoint.js';

/**
 * Asks the server for a subscription to the end of `$all` and waits for its confirmation: that
 * proves the connection, TLS, the credentials and the right to read `$all` in one round trip, on
 * the gRPC path that reports causes in words (reads go through the native bridge, whose refusals
 * say only "UnavailableError"). Fails within `timeoutMs` either way.
 */
export async function probeServer(client: KurrentDBClient, url: string, timeoutMs = 6_000): Promise<void> {
  const subscription = client.subscribeToAll({ fromPosition: END, deadline: timeoutMs });
  let timer: NodeJS.Timeout | undefined;
  try {
    await new Promise<void>((resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      subscription.once('confirmation', () => resolve());
      subscription.once('caughtUp', () => resolve());
      subscription.once('data', () => resolve());
      subscription.once('error', reject);
      subscription.once('end', () => reject(new Error('the server closed the connection')));
    });
  } catch (error) {
    throw new EventStoreDbUnreachableError(maskedEndpoint(url), causeOf(error), { cause: error });
  } finally {
    clearTimeout(timer);
    subscription.removeAllListeners('error');
    subscription.on('error', () => undefined);
    await subscription.unsubscribe().catch(() => undefined);
  }
}

/** The cause in one line: gRPC messages carry a trailing "Resolution note" and sometimes new lines. */
export function causeOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*Resolution note:.*$/s, '').replace(/\s+/g, ' ').trim() || 'unknown error';
}
