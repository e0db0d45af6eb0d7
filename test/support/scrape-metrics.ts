/** One scrape of `GET /metrics`, parsed: each series' value, found by name and some of its labels. */
export class Scrape {
  private constructor(private readonly series: readonly { name: string; labels: Record<string, string>; value: number }[]) {}

  static async of(baseUrl: string): Promise<Scrape> {
    const response = await fetch(`${baseUrl}/metrics`);
    if (response.status !== 200) throw new Error(`GET /metrics answered ${response.status}`);
    const contentType = response.headers.get('content-type') ?? '';
    if (!contentType.startsWith('text/plain')) throw new Error(`GET /metrics answered ${contentType}`);
    return Scrape.parse(await response.text());
  }

  static parse(text: string): Scrape {
    const series = text
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => {
        const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
        if (!match) throw new Error(`not a Prometheus sample: ${line}`);
        const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1]!, m[2]!]));
        return { name: match[1]!, labels, value: Number(match[3]) };
      });
    return new Scrape(series);
  }

  /** The sum of the series named `name` whose labels include `labels`; undefined when there is none. */
  value(name: string, labels: Record<string, string> = {}): number | undefined {
    const matching = this.series.filter((s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value));
    return matching.length === 0 ? undefined : matching.reduce((sum, s) => sum + s.value, 0);
  }

  /** The label sets of the series named `name`. */
  labelsOf(name: string): Record<string, string>[] {
    return this.series.filter((s) => s.name === name).map((s) => s.labels);
  }
}
