import { adminRequest } from './admin.js';
import { CommandFeed } from './command-feed.js';
import { CommandForm } from './command-form.js';
import { setText } from './dom.js';
import { LiveSocket } from './live-socket.js';
import { ProjectionsTable } from './projections-table.js';
import { showWorkers } from './workers-list.js';

/**
 * The dashboard: one read of `/api/projections` and `/api/workers` for the first paint, then
 * everything live over the WebSocket: a `Status` report every second (projections, workers,
 * head), `ProjectionUpdated` for the commands sent from here, and the answers to their watches.
 * Operations ask for the admin token and call the API's operation routes with it.
 */
const result = document.getElementById('operation-result');
const connection = document.getElementById('connection');
const head = document.getElementById('head');

const table = new ProjectionsTable(document.getElementById('projections'), {
  rebuild: (name) =>
    operate(`Rebuild ${name}: a new generation is built beside the live one, and switched in once caught up.`, 'POST', `/api/projections/${encodeURIComponent(name)}/rebuild`, (answer) =>
      `Rebuilding ${answer.projection} as generation ${answer.generation} (${answer.state}).`,
    ),
  replay: (name) =>
    operate(`Replay the parked events of ${name}.`, 'POST', `/api/projections/${encodeURIComponent(name)}/parked/replay`, (answer) =>
      `${name}: ${answer.replayed} parked event${answer.replayed === 1 ? '' : 's'} applied, ${answer.stillParked} still parked.`,
    {}),
  parked: async (name, ask) => {
    const reply = await adminRequest({ action: `Show the parked events of ${name}.`, url: `/api/projections/${encodeURIComponent(name)}/parked`, ask });
    if (!reply) return undefined;
    return reply.status === 200 ? { parked: reply.answer.parked } : { error: reply.answer.detail ?? `the API answered ${reply.status}` };
  },
});

const live = new LiveSocket(document.querySelector('meta[name=projectionist-websocket]').content, {
  onState: (state) => {
    connection.dataset.state = state;
    setText(connection, state === 'live' ? 'live' : state === 'connecting' ? 'connecting…' : 'offline, reconnecting…');
  },
  onOpen: () => {
    void live.subscribe({ status: true }).catch((error) => setText(result, `The status reports could not be subscribed to: ${error.message}`));
    feed.resume();
  },
  onMessage: (message) => {
    if (message.type === 'Status') showStatus(message, true);
    else if (message.type === 'StatusUnavailable') setText(result, message.message);
    else feed.heard(message);
  },
});

const feed = new CommandFeed(document.getElementById('feed'), live);
new CommandForm(document.getElementById('command-form'), (command) => feed.send(command));

function showStatus({ projections, workers, head: position }, sample) {
  table.update(projections, sample);
  showWorkers(document.getElementById('workers'), workers);
  if (position !== undefined) setText(head, position ?? '–');
}

async function operate(action, method, url, describe, body) {
  const reply = await adminRequest({ action, method, url, body });
  if (!reply) return;
  const ok = reply.status >= 200 && reply.status < 300;
  result.dataset.outcome = ok ? 'ok' : 'problem';
  setText(result, ok ? describe(reply.answer) : `${reply.status}: ${reply.answer.detail ?? 'the operation was refused'}`);
}

async function firstPaint() {
  const [projections, workers] = await Promise.all([fetch('/api/projections').then((r) => r.json()), fetch('/api/workers').then((r) => r.json())]);
  if (table.rows.size === 0) showStatus({ projections: projections.projections, workers: workers.workers }, false);
}

firstPaint().catch((error) => setText(result, `The status could not be read: ${error.message}`));
