import { once } from 'node:events';
import type { FaultPointName } from '../../src/core/fault-point.js';
import type { Child } from './child-process.js';

/**
 * Waits for a worker armed with PROJECTIONIST_FAULTS to die at `point` by itself: true once it
 * printed `{"fault":"<point>"}` and was killed by its own SIGKILL; false if it was still alive
 * after `timeoutMs`, or died otherwise. A worker that has nothing left to do never reaches a
 * commit's point, so whenever it reports idle, `nudge` gives it more events.
 */
export async function deathAtFault(child: Child, point: FaultPointName, timeoutMs: number, nudge: () => Promise<void>): Promise<boolean> {
  // 'close' comes once the process has exited and its last line has been read.
  const closed = once(child.process, 'close');
  closed.catch(() => undefined);
  const printed = () => child.waitFor((line: { fault?: string }) => line.fault === point, 1, 0).then(() => true, () => false);
  let idleBefore = 0;
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; ) {
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 1_000))]);
    if (child.process.exitCode !== null || child.process.signalCode !== null) {
      await closed;
      return child.process.signalCode === 'SIGKILL' && (await printed());
    }
    const idle = (await child.waitFor((line: { idle?: boolean }) => line.idle === true, 1, 0).catch(() => [])).length;
    if (idle > idleBefore) {
      idleBefore = idle;
      await nudge();
    }
  }
  return false;
}
