import { svg } from './dom.js';

const WIDTH = 120;
const HEIGHT = 26;
/** Samples kept: one a status report, so about a minute. */
export const SAMPLES = 60;

/**
 * A small inline SVG chart of the last samples of a value (a projection's lag in events):
 * an area under a line, scaled to the largest sample, newest on the right.
 */
export class Sparkline {
  constructor() {
    this.element = svg('svg', { class: 'sparkline', width: WIDTH, height: HEIGHT, viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' });
    this.title = svg('title');
    const base = svg('line', { class: 'base', x1: 0, y1: HEIGHT - 0.5, x2: WIDTH, y2: HEIGHT - 0.5 });
    this.area = svg('path', { class: 'area' });
    this.line = svg('polyline', { class: 'line' });
    this.dot = svg('circle', { class: 'dot', r: 2 });
    this.element.append(this.title, base, this.area, this.line, this.dot);
  }

  /** Draws `values` (oldest first); `describe` says in words what the chart shows. */
  draw(values, describe) {
    this.title.textContent = describe;
    if (values.length === 0) return;
    const top = Math.max(1, ...values);
    const step = WIDTH / (SAMPLES - 1);
    const start = WIDTH - step * (values.length - 1);
    const points = values.map((value, index) => [start + step * index, HEIGHT - 2 - (value / top) * (HEIGHT - 5)]);
    const line = points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(' ');
    this.line.setAttribute('points', line);
    this.area.setAttribute('d', `M${start.toFixed(1)},${HEIGHT} L${line.replaceAll(' ', ' L')} L${WIDTH},${HEIGHT} Z`);
    const [x, y] = points[points.length - 1];
    this.dot.setAttribute('cx', x.toFixed(1));
    this.dot.setAttribute('cy', y.toFixed(1));
    this.element.dataset.busy = values.some((value) => value > 0) ? 'true' : 'false';
  }
}
