// The lineage view: from a record of a system of record back to the finding, its
// Kafka record (topic, partition, offset) and the readings or tweets behind it, as
// the services' /…/:id/lineage routes tell it.
import { api } from './api.js';
import { h, time } from './dom.js';

const section = () => document.getElementById('view-lineage');

/** A field that holds a time: `ts`, `at`, `…At` (epoch ms or an ISO string). */
const TIME_FIELD = /^(ts|at)$|[a-z]At$/;
/** epoch ms from 2001 on: a reading's `ts`, never a count or an offset */
const looksLikeTime = (value) => (typeof value === 'number' && value > 1e12) || (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value));

/** A JSON value as nested lists: objects as <dl>, arrays as <ol>, leaves as text (never HTML); times in the browser's zone, the raw value beside. */
function tree(value, key = '') {
  if (TIME_FIELD.test(key) && looksLikeTime(value)) return h('span', { title: String(value) }, time(value), ' ', h('code', { class: 'muted' }, String(value)));
  if (value === null || value === undefined) return h('span', { class: 'muted' }, '—');
  if (Array.isArray(value)) {
    if (value.length === 0) return h('span', { class: 'muted' }, 'none');
    return h('ol', { class: 'lineage-list' }, value.map((v) => h('li', {}, tree(v))));
  }
  if (typeof value === 'object') {
    return h('dl', { class: 'lineage' }, Object.entries(value).map(([k, v]) => h('div', {}, h('dt', {}, k), h('dd', {}, tree(v, k)))));
  }
  return h('code', {}, String(value));
}

/** Opens the view for one record: `path` is its lineage route. */
export async function showLineage(title, path) {
  const el = section();
  const body = el.querySelector('.panel-body');
  const status = el.querySelector('.panel-status');
  el.hidden = false;
  el.querySelector('h2').textContent = `Lineage · ${title}`;
  status.hidden = false;
  status.dataset.kind = 'info';
  status.textContent = 'Loading…';
  body.replaceChildren();
  el.scrollIntoView({ block: 'start' });
  try {
    const lineage = await api(path);
    status.hidden = true;
    status.textContent = '';
    body.replaceChildren(tree(lineage));
  } catch (err) {
    status.dataset.kind = 'error';
    status.textContent = `The lineage could not be read (${err.status || 'no answer'}): ${err.message}`;
  }
}

export function initLineageView() {
  const el = section();
  el.querySelector('.close').addEventListener('click', () => {
    el.hidden = true;
  });
}
