// Small DOM helpers. Every value from the API is set as text (textContent), never
// as HTML, so a tweet or a device name cannot inject markup.

/** h('td', { class: 'num' }, 'text', node) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

/**
 * A semantic table: caption, header cells with scope, one row per item.
 * columns: [{ label, cell: (row) => string | Node, numeric?: boolean, nowrap?: boolean }]
 */
export function table({ caption, columns, rows, empty, rowClass, rowKey }) {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      {},
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col', class: c.numeric ? 'num' : null }, c.label)))),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h('tr', { class: rowClass ? rowClass(row) : null, 'data-id': rowKey ? rowKey(row) : null }, columns.map((c) => h('td', { class: cellClass(c) }, c.cell(row) ?? '—'))),
        ),
      ),
    ),
  );
}

function cellClass(column) {
  return [column.numeric && 'num', column.nowrap && 'nowrap'].filter(Boolean).join(' ') || null;
}

export function badge(text, kind = 'neutral') {
  return h('span', { class: `badge badge-${kind}` }, text);
}

/** A <dl> of label → value pairs. */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.map(([label, value]) => h('div', {}, h('dt', {}, label), h('dd', {}, value))));
}

const TIME_WITH_ZONE = { hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' };
const DATE_TIME_WITH_ZONE = { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' };

/** ISO string or epoch ms → <time> with the date-time in the browser's locale and zone (the zone is written: "10:05:00 JST"), or — */
export function time(value) {
  if (value === null || value === undefined || value === '') return '—';
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  if (Number.isNaN(date.getTime())) return '—';
  const sameDay = date.toDateString() === new Date().toDateString();
  const text = sameDay ? date.toLocaleTimeString(undefined, TIME_WITH_ZONE) : date.toLocaleString(undefined, DATE_TIME_WITH_ZONE);
  return h('time', { datetime: date.toISOString() }, text);
}

export function num(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(Number(value))) return '—';
  return Number(value).toLocaleString(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** count(1, 'open case') → "1 open case"; count(3, 'open case') → "3 open cases" */
export function count(n, noun) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** a signed amount, coloured by sign (the sign is also written, not only shown by colour) */
export function money(value) {
  if (value === null || value === undefined) return '—';
  const n = Number(value);
  const text = `${n > 0 ? '+' : ''}${num(n)}`;
  return h('span', { class: n > 0 ? 'gain' : n < 0 ? 'loss' : null }, text);
}
