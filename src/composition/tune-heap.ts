import { setFlagsFromString } from 'node:v8';

/**
 * Sets how far V8 lets this process's heaps grow past what each full collection kept: by
 * `percent`, or by V8's own factor when 0. V8 picks that factor between 1.1 and 4, larger when
 * the program allocates fast against how fast the collector marks, and a rebuild allocates very
 * fast: a million-event rebuild held about 55 MB live and peaked at 449–474 MB RSS. The flag is
 * process-wide (every thread's heap), read at each collection, and set here over any value given
 * on node's command line.
 */
export function tuneHeap(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
