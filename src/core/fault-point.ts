import { writeSync } from 'node:fs';

/**
 * The places where a crash is hardest on the read models, named so that the crash test can kill
 * a worker exactly there rather than wherever a random SIGKILL happens to land: after a batch's
 * documents are written and before its checkpoint is, in each store, and between the registry's
 * switch and the store's own pointer following it.
 */
const POINTS = [
  'sqlite-before-checkpoint',
  'mongodb-before-checkpoint',
  'mongodb-transaction-before-commit',
  'elasticsearch-before-checkpoint',
  'switch-before-activate',
] as const;
export type FaultPointName = (typeof POINTS)[number];

/**
 * `PROJECTIONIST_FAULTS=<point>:<n>,...`: die the n-th time each named point is reached. Read
 * once, so that a point costs one comparison when no fault is armed; a malformed value or an
 * unknown point throws at start rather than arming nothing.
 */
const armed = parseFaults(process.env.PROJECTIONIST_FAULTS);

/**
 * Kills this process on the spot when the point is armed and reached for the n-th time, after
 * writing `{"fault":"<point>"}` to stdout (synchronously: a queued write would die with the
 * process). SIGKILL, not `process.exit`: nothing may run after it, as after a power cut.
 */
export function faultPoint(name: FaultPointName): void {
  if (armed === undefined) return;
  const left = armed.get(name);
  if (left === undefined) return;
  if (left > 1) return void armed.set(name, left - 1);
  say(`${JSON.stringify({ fault: name })}\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** One line on stdout, now; a pipe that is full for a moment (EAGAIN) is tried again. Under PIPE_BUF, it is written whole. */
function say(line: string): void {
  for (;;) {
    try {
      return void writeSync(1, line);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

function parseFaults(value: string | undefined): Map<FaultPointName, number> | undefined {
  if (!value) return undefined;
  return new Map(
    value.split(',').map((entry) => {
      const [name, nth] = entry.trim().split(':');
      const count = Number(nth);
      if (!POINTS.includes(name as FaultPointName) || !Number.isInteger(count) || count < 1) {
        throw new Error(`PROJECTIONIST_FAULTS: "${entry}" is not <point>:<n> with n >= 1 and a point among ${POINTS.join(', ')}`);
      }
      return [name as FaultPointName, count] as const;
    }),
  );
}
