import { FeedEntry } from './feed-entry.js';

/** Entries kept in the feed; older ones leave it (and their subscriptions end). */
const KEPT = 12;
/** Watches of one write before the feed stops asking (each lasts the server's stream timeout). */
const MAX_WATCHES = 30;

/**
 * The feed of the commands this page sent. Each command gets a fresh correlation id, which
 * the page subscribes to before sending it (so that no `ProjectionUpdated` outruns the
 * subscription); once accepted, its token is watched until the write is visible or parked.
 */
export class CommandFeed {
  constructor(list, live) {
    this.list = list;
    this.live = live;
    this.entries = [];
  }

  async send({ name, method, path, body }) {
    const correlationId = newCorrelationId();
    const entry = new FeedEntry({ name, method, path, correlationId });
    this.add(entry);
    await this.live.subscribe({ correlationIds: [correlationId] }).catch(() => undefined);
    let response;
    try {
      response = await fetch(path, { method, headers: { 'content-type': 'application/json', 'x-correlation-id': correlationId }, body: JSON.stringify(body) });
    } catch (error) {
      entry.failed(`no answer: ${error.message}`);
      this.forget(entry);
      return undefined;
    }
    const answer = await response.json().catch(() => ({}));
    entry.answered(response.status, answer);
    if (response.status !== 202) {
      this.forget(entry);
      return answer;
    }
    entry.token = answer.token;
    entry.watches = 1;
    this.live.watch(answer.token);
    return answer;
  }

  /** A message of the WebSocket about one of the feed's commands. */
  heard(message) {
    if (message.type === 'ProjectionUpdated') {
      for (const entry of this.entries) if (entry.correlationId === message.correlationId) entry.applied(message.projection, message.position);
      return;
    }
    const entry = message.token === undefined ? undefined : this.entries.find((candidate) => candidate.token === message.token);
    if (!entry) return;
    entry.settle(message);
    if (message.type === 'WritePending' && entry.watches < MAX_WATCHES) {
      entry.watches += 1;
      this.live.watch(entry.token);
    }
    if (entry.settled) this.forget(entry);
  }

  /** After a reconnection: subscribe again to what is still pending, and watch it again. */
  resume() {
    const pending = this.entries.filter((entry) => !entry.settled);
    if (pending.length === 0) return;
    void this.live.subscribe({ correlationIds: pending.map((entry) => entry.correlationId) }).catch(() => undefined);
    for (const entry of pending) if (entry.token) this.live.watch(entry.token);
  }

  add(entry) {
    this.list.querySelector('.empty')?.remove();
    this.entries.unshift(entry);
    this.list.prepend(entry.element);
    for (const old of this.entries.splice(KEPT)) {
      old.element.remove();
      if (!old.settled) this.forget(old);
    }
  }

  /** Ends the subscription to an entry's correlation id: nothing more is expected of it. */
  forget(entry) {
    void this.live.unsubscribe({ correlationIds: [entry.correlationId] });
  }
}

function newCorrelationId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // Pages served over plain HTTP to another machine are not a secure context: no randomUUID there.
  return [...crypto.getRandomValues(new Uint8Array(16))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}
