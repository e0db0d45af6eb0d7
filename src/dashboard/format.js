/** How the dashboard writes numbers, durations and ids. */

export function count(n) {
  return Number(n).toLocaleString('en');
}

/** `0.4 s`, `12 s`, `3.2 min`, `1.5 h`. */
export function duration(ms) {
  const seconds = ms / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

export function percent(ratio) {
  return `${Math.floor(ratio * 1000) / 10}%`;
}

export function clock(date) {
  return date.toLocaleTimeString('en-GB', { hour12: false });
}

/** The state names of `GET /api/projections`, as the dashboard shows them. */
export function stateLabel(state) {
  return state.replace('_', ' ');
}
