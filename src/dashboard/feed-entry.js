import { el, setText } from './dom.js';
import { clock, count } from './format.js';

/**
 * One command the page sent, in the feed: what it was, its answer, its correlation id, the
 * projections that applied it (from `ProjectionUpdated`), and its state: `sending`, then
 * `pending` (accepted, 202), then `visible` or `parked`; `refused` for a 4xx or 5xx answer,
 * `failed` when no answer came or the token was refused.
 */
export class FeedEntry {
  constructor({ name, method, path, correlationId }) {
    this.correlationId = correlationId;
    this.started = performance.now();
    this.chips = new Map();
    this.badge = el('span', { className: 'badge' });
    this.status = el('span', { className: 'http-status mono' });
    this.outcome = el('span', { className: 'outcome' });
    this.chipList = el('span', { className: 'chips' });
    this.element = el(
      'li',
      { dataset: { correlationId } },
      el('div', { className: 'feed-head' }, this.badge, el('b', {}, name), el('time', {}, clock(new Date()))),
      el('div', { className: 'mono path' }, `${method} ${path} `, this.status),
      el('div', { className: 'feed-ids' }, el('span', { className: 'sub' }, 'correlation'), el('span', { className: 'mono correlation-id' }, correlationId), this.chipList),
      el('div', {}, this.outcome),
    );
    this.state('sending');
  }

  get settled() {
    return !['sending', 'pending'].includes(this.element.dataset.state);
  }

  state(state, outcome) {
    this.element.dataset.state = state;
    this.badge.dataset.state = state;
    setText(this.badge, state);
    if (outcome !== undefined) setText(this.outcome, outcome);
  }

  answered(status, answer) {
    setText(this.status, String(status));
    if (status === 202) this.state('pending', 'accepted; waiting for the projections behind it');
    else this.state('refused', answer.detail ?? answer.message ?? 'the API refused the command');
  }

  failed(reason) {
    this.state('failed', reason);
  }

  /** A projection applied a batch that carried this command's events. */
  applied(projection, position) {
    let chip = this.chips.get(projection);
    if (!chip) {
      chip = el('span', { className: 'chip', dataset: { projection } });
      this.chips.set(projection, chip);
      this.chipList.append(chip);
    }
    setText(chip, position === undefined ? `${projection} ✓` : `${projection} ✓ ${position}`);
  }

  /** The answer to a watch of its token: visible, parked, still pending, or refused. */
  settle(message) {
    const after = `${count(Math.round(performance.now() - this.started))} ms after sending`;
    if (message.type === 'WriteVisible') {
      for (const projection of message.projections) if (!this.chips.has(projection)) this.applied(projection);
      const where = message.projections.length === 0 ? 'no projection reads its events' : `in ${message.projections.join(', ')}`;
      this.state('visible', `visible at ${message.position} ${where}, ${after}`);
    } else if (message.type === 'WriteParked') {
      const { event } = message;
      this.state('parked', `${message.projection} parked ${event.type} at ${event.position}: ${event.error}`);
    } else if (message.type === 'WritePending') {
      this.state('pending', `still waiting for ${message.waitingFor.join(', ')}`);
    } else {
      this.failed(message.message);
    }
  }
}
