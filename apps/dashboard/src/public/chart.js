// SVG time-series charts for the device history view: the min/max envelope of
// each bucket as a band, its average as a line, limit lines, findings marked on
// the time axis. Drawn with SVG attributes and CSS classes only (the CSP forbids
// inline styles); every label is text content, never markup.

const NS = 'http://www.w3.org/2000/svg';

/** s('path', { d: 'M0 0' }, child…) */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) if (value !== null && value !== undefined) el.setAttribute(name, String(value));
  for (const child of children.flat()) if (child !== null && child !== undefined) el.append(child instanceof Node ? child : String(child));
  return el;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR, DAY, 2 * DAY, 7 * DAY];

/** The browser's time zone, as the chart captions name it (e.g. "Asia/Tokyo, GMT+9"). */
export function zoneLabel(at = Date.now()) {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const short = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' }).formatToParts(new Date(at)).find((p) => p.type === 'timeZoneName')?.value;
  return short && short !== zone ? `${zone}, ${short}` : zone;
}

const WITH_ZONE = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });

/** A date-time in the browser's locale with its zone: "2026年12月2日 10:05 JST". */
export function formatWithZone(t) {
  return WITH_ZONE.format(new Date(t));
}

/** Ticks on the time axis, aligned to the local clock (so hour ticks read 10:00, not 10:00 UTC). */
function timeTicks(from, to, count) {
  const step = TIME_STEPS.find((st) => (to - from) / st <= count) ?? TIME_STEPS[TIME_STEPS.length - 1];
  const offset = -new Date(from).getTimezoneOffset() * MINUTE;
  const ticks = [];
  for (let t = Math.ceil((from + offset) / step) * step - offset; t <= to; t += step) ticks.push(t);
  const format = new Intl.DateTimeFormat(undefined, step < DAY ? { hour: '2-digit', minute: '2-digit' } : { month: 'short', day: 'numeric' });
  return ticks.map((t) => ({ t, label: format.format(new Date(t)) }));
}

/** Round value ticks (1, 2, 5 × 10^n). */
function valueTicks(min, max, count) {
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((st) => st >= raw) ?? 10 * mag;
  const ticks = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step / 1e9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

/** Runs of points without a gap longer than `maxGap` (a gap in the readings stays a gap on the chart). */
function runs(points, maxGap) {
  const out = [];
  let run = [];
  for (const p of points) {
    if (run.length > 0 && p.t - run[run.length - 1].t > maxGap) {
      out.push(run);
      run = [];
    }
    run.push(p);
  }
  if (run.length > 0) out.push(run);
  return out;
}

/**
 * One metric's chart.
 * @param {object} o
 * @param {number} o.from @param {number} o.to  the range drawn (epoch ms)
 * @param {number} o.bucketMs
 * @param {{t:number,value:number}[]} o.avg
 * @param {{t:number,min:number,max:number}[]} o.envelope
 * @param {{value:number,label:string,kind:'limit'|'critical'}[]} o.limits
 * @param {{t:number,label:string}[]} o.markers  findings on the time axis
 * @param {number|null} o.focusAt  a time to mark (the finding the view was opened for)
 */
export function metricChart(o) {
  const W = 760;
  const H = 220;
  const m = { top: 14, right: 16, bottom: 34, left: 56 };
  const iw = W - m.left - m.right;
  const ih = H - m.top - m.bottom;
  const values = [...o.envelope.flatMap((p) => [p.min, p.max]), ...o.avg.map((p) => p.value), ...o.limits.map((l) => l.value)];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  if (hi - lo < 1e-9) [lo, hi] = [lo - 1, hi + 1];
  const pad = (hi - lo) * 0.06;
  lo -= pad;
  hi += pad;
  const x = (t) => m.left + ((t - o.from) / (o.to - o.from)) * iw;
  const y = (v) => m.top + (1 - (v - lo) / (hi - lo)) * ih;
  const mid = (p) => p.t + o.bucketMs / 2;
  const maxGap = 2.5 * o.bucketMs;

  const band = runs(o.envelope, maxGap).map((run) =>
    s('path', {
      class: 'chart-envelope',
      d: `M${run.map((p) => `${x(mid(p)).toFixed(1)},${y(p.max).toFixed(1)}`).join('L')}L${[...run].reverse().map((p) => `${x(mid(p)).toFixed(1)},${y(p.min).toFixed(1)}`).join('L')}Z`,
    }),
  );
  const line = runs(o.avg, maxGap).map((run) => s('path', { class: 'chart-line', 'data-points': run.length, d: `M${run.map((p) => `${x(mid(p)).toFixed(1)},${y(p.value).toFixed(1)}`).join('L')}` }));
  const limitLines = o.limits.map((l) =>
    s('g', { class: `chart-limit chart-limit-${l.kind}`, 'data-value': l.value },
      s('line', { x1: m.left, x2: m.left + iw, y1: y(l.value), y2: y(l.value) }),
      s('text', { x: m.left + iw - 4, y: y(l.value) - 4, 'text-anchor': 'end' }, l.label),
    ),
  );
  const markers = o.markers
    .filter((f) => f.t >= o.from && f.t <= o.to)
    .map((f) =>
      s('g', { class: 'chart-finding', 'data-t': f.t },
        s('title', {}, `${f.label} · ${formatWithZone(f.t)}`),
        s('line', { x1: x(f.t), x2: x(f.t), y1: m.top, y2: m.top + ih }),
        s('path', { d: `M${x(f.t) - 5},${m.top + ih + 9}L${x(f.t) + 5},${m.top + ih + 9}L${x(f.t)},${m.top + ih + 1}Z` }),
      ),
    );
  const focus = o.focusAt && o.focusAt >= o.from && o.focusAt <= o.to ? s('line', { class: 'chart-focus', x1: x(o.focusAt), x2: x(o.focusAt), y1: m.top, y2: m.top + ih }) : null;
  const xTicks = timeTicks(o.from, o.to, 7).map(({ t, label }) =>
    s('g', { class: 'chart-tick' }, s('line', { x1: x(t), x2: x(t), y1: m.top + ih, y2: m.top + ih + 4 }), s('text', { x: x(t), y: H - 14, 'text-anchor': 'middle' }, label)),
  );
  const yTicks = valueTicks(lo, hi, 4).map((v) =>
    s('g', { class: 'chart-tick' }, s('line', { class: 'chart-grid', x1: m.left, x2: m.left + iw, y1: y(v), y2: y(v) }), s('text', { x: m.left - 6, y: y(v) + 4, 'text-anchor': 'end' }, String(v))),
  );
  return s(
    'svg',
    { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': o.label },
    s('title', {}, o.label),
    s('rect', { class: 'chart-plot', x: m.left, y: m.top, width: iw, height: ih }),
    yTicks,
    band,
    line,
    limitLines,
    markers,
    focus,
    xTicks,
  );
}
