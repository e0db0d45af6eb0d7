import { el, replaceChildren, setText } from './dom.js';
import { count, duration, percent, stateLabel } from './format.js';
import { parkedList } from './parked-list.js';
import { SAMPLES, Sparkline } from './sparkline.js';

/**
 * One generation of a projection in the projections table: a `<tbody>` of its row and a
 * detail row (its parked events, opened on demand). Built once and updated in place, so that
 * a button under the pointer stays the same button while reports arrive.
 */
export class GenerationRow {
  /** `operations`: `rebuild(name)`, `replay(name)`, `parked(name, ask)` (resolves `{ parked }`, `{ error }` or undefined). */
  constructor(status, operations) {
    this.name = status.projection;
    this.operations = operations;
    this.lags = [];
    this.parkedCount = 0;
    this.sparkline = new Sparkline();
    this.title = el('span', { className: 'projection-name' });
    this.sub = el('span', { className: 'sub' });
    this.badge = el('span', { className: 'badge' });
    this.error = el('div', { className: 'error-line', hidden: true });
    this.checkpoint = el('td', { className: 'num mono checkpoint' });
    this.lagEvents = el('td', { className: 'num lag-events' });
    this.lagTime = el('td', { className: 'num lag-time' });
    this.fill = el('span', { className: 'fill' });
    this.bar = el('span', { className: 'bar', hidden: true }, this.fill);
    this.progress = el('span', { className: 'progress-text' });
    this.parked = el('td', { className: 'num parked' });
    this.parkedToggle = el('button', { type: 'button', className: 'link parked-toggle', onclick: () => this.toggleParked() });
    this.worker = el('td', { className: 'worker mono' });
    this.operationsCell = el('td', { className: 'operations' });
    this.rebuildButton = el('button', { type: 'button', className: 'small', onclick: () => operations.rebuild(this.name) }, 'Rebuild');
    this.replayButton = el('button', { type: 'button', className: 'small', onclick: () => operations.replay(this.name) }, 'Replay parked');
    this.detailCell = el('td', { colSpan: 10 });
    this.detail = el('tr', { className: 'detail', hidden: true }, this.detailCell);
    const main = el(
      'tr',
      {},
      el('td', { className: 'name' }, this.title, this.sub),
      el('td', { className: 'state' }, this.badge, this.error),
      this.checkpoint,
      this.lagEvents,
      this.lagTime,
      el('td', { className: 'chart' }, this.sparkline.element),
      el('td', { className: 'rebuild' }, this.bar, this.progress),
      this.parked,
      this.worker,
      this.operationsCell,
    );
    this.group = el('tbody', { dataset: { projection: status.projection, generation: String(status.generation) } }, main, this.detail);
  }

  /** Shows a generation's status; `sample` adds its lag to the chart (a periodic report, not a one-off read). */
  update(status, sample) {
    const live = status.registryState === 'live';
    this.group.dataset.state = status.state;
    setText(this.title, live ? status.projection : `↳ ${status.projection}`);
    const rate = status.eventsPerSecond ? ` · ${count(Math.round(status.eventsPerSecond))} ev/s` : '';
    const parts = status.partitions ? ` · ${status.partitions.length} partitions` : '';
    setText(this.sub, `generation ${status.generation} · v${status.version}${parts}${rate}`);
    setText(this.badge, stateLabel(status.state));
    this.badge.dataset.state = status.state;
    const problem = status.stoppedAt
      ? `stopped at ${status.stoppedAt.eventType} ${status.stoppedAt.position} of ${status.stoppedAt.stream}: ${status.stoppedAt.error}`
      : status.lastError?.message;
    this.error.hidden = !problem;
    setText(this.error, problem ?? '');
    this.error.title = problem ?? '';
    setText(this.checkpoint, status.checkpoint ?? '–');
    setText(this.lagEvents, count(status.lag.events));
    setText(this.lagTime, duration(status.lag.ms));
    if (sample) this.lags = [...this.lags, status.lag.events].slice(-SAMPLES);
    const most = Math.max(0, ...this.lags);
    this.sparkline.draw(this.lags, `lag in events over the last ${this.lags.length} reports: ${count(status.lag.events)} now, ${count(most)} at most`);
    this.bar.hidden = status.progress === null;
    if (status.progress !== null) this.fill.style.width = percent(status.progress);
    setText(this.progress, status.progress === null ? '–' : percent(status.progress));
    this.showParked(status, live);
    const { text, title } = writers(status);
    setText(this.worker, text);
    this.worker.title = title;
    if (live && this.operationsCell.childElementCount === 0) this.operationsCell.append(this.rebuildButton, this.replayButton);
    if (!live) this.operationsCell.replaceChildren();
    this.replayButton.disabled = status.parked === 0;
  }

  showParked(status, live) {
    const changed = status.parked !== this.parkedCount;
    this.parkedCount = status.parked;
    if (!live || status.parked === 0) {
      setText(this.parked, count(status.parked)); // replaces the toggle, if it was there
      this.detail.hidden = true;
      return;
    }
    setText(this.parkedToggle, `${count(status.parked)} ${this.detail.hidden ? '▸' : '▾'}`);
    this.parkedToggle.title = this.detail.hidden ? 'show the parked events and their errors' : 'hide the parked events';
    if (this.parked.firstChild !== this.parkedToggle) this.parked.replaceChildren(this.parkedToggle);
    if (changed && !this.detail.hidden) void this.loadParked(false);
  }

  async toggleParked() {
    if (this.detail.hidden && !(await this.loadParked(true))) return;
    this.detail.hidden = !this.detail.hidden;
    setText(this.parkedToggle, `${count(this.parkedCount)} ${this.detail.hidden ? '▸' : '▾'}`);
  }

  /** Reads the parked events into the detail row; false when nothing was read (no token given). */
  async loadParked(ask) {
    const result = await this.operations.parked(this.name, ask);
    if (!result) return false;
    replaceChildren(this.detailCell, result.error ? el('p', { className: 'problem' }, result.error) : parkedList(result.parked));
    return true;
  }
}

/** Who writes a generation: the holder of its lease, or of each partition's. */
function writers(status) {
  if (status.owner) return { text: status.owner.worker, title: `${status.owner.worker}, lease epoch ${status.owner.epoch}, renewed within ${duration(status.owner.expiresInMs)}` };
  if (!status.partitions) return { text: '–', title: 'no worker holds its lease' };
  const owners = [...new Set(status.partitions.map((part) => part.owner?.worker).filter(Boolean))];
  const title = status.partitions.map((part) => `partition ${part.partition}: ${part.owner ? part.owner.worker : 'no writer'}, checkpoint ${part.checkpoint ?? '–'}`).join('\n');
  return { text: owners.length === 1 ? owners[0] : `${owners.length} workers`, title };
}
