/** Where the bar writes: a terminal gets it redrawn in place, anything else plain lines. */
export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const PLAIN_EVERY_MS = 2_000;
const REDRAW_EVERY_MS = 100;

/**
 * A one-line progress report (stderr by default: stdout is the command's answer). On a terminal
 * the bar is redrawn in place, at most every 100 ms. Anywhere else (a log file, CI, a pipe) it
 * prints a plain line each time the work passes another tenth, or 2 s after the previous line,
 * whichever comes first; never a line before there is something to report, and always one at
 * the end. Callers may call `update` as often as they like.
 */
export class ProgressBar {
  private readonly startedAt: number;
  private lastWrite: number;
  private lastTenth = 0;
  private lastLine = '';

  constructor(
    private readonly label: string,
    private readonly options: { readonly unit?: string; readonly stream?: ProgressStream; readonly now?: () => number } = {},
  ) {
    this.startedAt = this.now();
    this.lastWrite = this.startedAt;
  }

  /** `perSecond`: the rate the ETA is taken from (the caller knows what it measures). */
  update(done: number, total: number, perSecond: number): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const now = this.now();
    const line = this.line(done, total, fraction, perSecond);
    if (this.stream.isTTY) {
      if (now - this.lastWrite < REDRAW_EVERY_MS && fraction < 1) return;
      this.stream.write(`\r${line}\x1b[K`);
    } else {
      const tenth = Math.floor(fraction * 10);
      if (line === this.lastLine || (tenth <= this.lastTenth && now - this.lastWrite < PLAIN_EVERY_MS)) return;
      this.lastTenth = tenth;
      this.stream.write(`${line}\n`);
    }
    this.lastWrite = now;
    this.lastLine = line;
  }

  /** Ends the report: clears the bar on a terminal, then writes `message`, if any, on a line of its own. */
  done(message?: string): void {
    this.stream.write(`${this.stream.isTTY ? '\r\x1b[K' : ''}${message === undefined ? '' : `${message}\n`}`);
  }

  /** Seconds since the bar was made. */
  elapsed(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  private line(done: number, total: number, fraction: number, perSecond: number): string {
    const width = 30;
    const filled = Math.round(fraction * width);
    const unit = this.options.unit ?? 'events';
    const eta = perSecond > 0 && done < total ? (total - done) / perSecond : undefined;
    return (
      `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ` +
      `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}, ${Math.round(perSecond).toLocaleString('en-US')} ${unit}/s` +
      (eta === undefined ? '' : `, ETA ${formatDuration(eta)}`)
    );
  }

  private get stream(): ProgressStream {
    return this.options.stream ?? process.stderr;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) return `${whole}s`;
  const minutes = Math.floor(whole / 60);
  return minutes < 60 ? `${minutes}m${String(whole % 60).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
