import type { ChangeStream, ChangeStreamDocument, ChangeStreamOptions, Collection, Document } from 'mongodb';
import type { Log } from '../../core/log.js';

const RESTART_MS = 1_000;

/**
 * Follows a change stream on a collection (replica sets and sharded clusters only). The driver
 * resumes by itself after resumable errors such as a failover; after any other error the
 * stream is opened again from now, a second later, and `onRestart` hears of it, since changes
 * in between were missed. Returns the stop function.
 */
export function watchCollection<T extends Document>(
  label: string,
  collection: Collection<T>,
  pipeline: Document[],
  options: ChangeStreamOptions,
  onChange: (change: ChangeStreamDocument<T>) => void,
  onRestart: () => void,
  log: Log,
): () => Promise<void> {
  let stopped = false;
  let stream: ChangeStream<T> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const open = (streamOptions: ChangeStreamOptions) => {
    const opened = collection.watch<T>(pipeline, streamOptions);
    stream = opened;
    opened.on('change', onChange);
    opened.on('error', (error) => {
      if (stopped) return;
      log.error({ stream: label, err: error, reopenInMs: RESTART_MS }, 'a change stream failed; reopening it from now');
      void opened.close().catch(() => undefined);
      timer = setTimeout(() => {
        if (stopped) return;
        open({ ...streamOptions, startAtOperationTime: undefined });
        onRestart();
      }, RESTART_MS).unref();
    });
  };
  open(options);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await stream?.close();
  };
}
