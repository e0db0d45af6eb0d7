/** A one-line progress report on stderr, redrawn in place on a terminal and printed every few seconds otherwise. */
export class ProgressBar {
  private lastPrinted = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number, total: number, perSecond: number): void {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    const width = 30;
    const filled = Math.round(fraction * width);
    const eta = perSecond > 0 ? Math.max(0, (total - done) / perSecond) : undefined;
    const line =
      `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(1).padStart(5)}% ` +
      `${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} events, ${Math.round(perSecond).toLocaleString('en-US')} events/s` +
      (eta === undefined ? '' : `, ETA ${formatDuration(eta)}`);
    if (this.stream.isTTY) {
      this.stream.write(`\r${line}\x1b[K`);
    } else if (Date.now() - this.lastPrinted > 2_000 || fraction === 1) {
      this.lastPrinted = Date.now();
      this.stream.write(`${line}\n`);
    }
  }

  done(message: string): void {
    this.stream.write(`${this.stream.isTTY ? '\r\x1b[K' : ''}${message}\n`);
  }
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes}m${String(Math.ceil(seconds % 60)).padStart(2, '0')}s` : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}
