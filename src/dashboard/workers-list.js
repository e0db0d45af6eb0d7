import { el, replaceChildren } from './dom.js';
import { duration } from './format.js';

/** The workers alive now (`GET /api/workers`, or a status report): who they are, when they were last heard, what they write. */
export function showWorkers(list, workers) {
  if (workers.length === 0) {
    replaceChildren(list, el('li', { className: 'empty' }, 'No worker holds a lease now.'));
    return;
  }
  replaceChildren(
    list,
    workers.map((worker) =>
      el(
        'li',
        { dataset: { worker: worker.worker } },
        el('div', { className: 'worker-id mono' }, worker.worker),
        el('div', { className: 'sub' }, `heard from ${duration(worker.heartbeatAgeMs)} ago · writes ${worker.writes.length} generation${worker.writes.length === 1 ? '' : 's'}`),
        el('div', { className: 'chips' }, [...worker.writes].sort().map((key) => el('span', { className: 'chip' }, key))),
      ),
    ),
  );
}
