import { el } from './dom.js';
import { clock } from './format.js';

/** The parked events of a generation (`GET /api/projections/:name/parked`), each with its error. */
export function parkedList(parked) {
  if (parked.length === 0) return el('p', { className: 'note' }, 'No event is parked now.');
  return el(
    'table',
    { className: 'parked-events' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Position'), el('th', {}, 'Event'), el('th', {}, 'Stream'), el('th', {}, 'Attempts'), el('th', {}, 'Parked'), el('th', {}, 'Error'))),
    el(
      'tbody',
      {},
      parked.map((event) =>
        el(
          'tr',
          {},
          el('td', { className: 'mono' }, event.position),
          el('td', {}, event.eventType),
          el('td', { className: 'mono' }, event.stream),
          el('td', { className: 'num' }, event.attempts),
          el('td', {}, event.parkedAt ? clock(new Date(event.parkedAt)) : '–'),
          el('td', { className: 'problem' }, event.error),
        ),
      ),
    ),
  );
}
