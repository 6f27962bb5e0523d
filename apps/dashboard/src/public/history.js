// The device history view (#/device/<id>?metric=&at=&from=&to=): each metric of
// a machine or vehicle over a chosen range, downsampled by the server to the
// chart's width, with the model's limits as lines and the device's findings
// (work orders, call-centre cases) marked on the time axis; a vehicle's track on
// the map; raw export. Opened from the fleet map and from "show the readings
// behind this finding" in the work-order and case tables.
import { api, ApiError } from './api.js';
import { formatWithZone, metricChart, s, zoneLabel } from './chart.js';
import { h } from './dom.js';
import { loadMapConfig, mapSvg } from './map.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const RANGES = [['1 h', HOUR], ['6 h', 6 * HOUR], ['24 h', DAY], ['7 d', 7 * DAY], ['30 d', 30 * DAY]];
/** buckets per chart: about one per two pixels of its plot */
const POINTS = 350;

/** The metric a finding's component or incident kind is about (for the link's focus). */
const METRIC_OF = {
  coolant: 'coolantTempC',
  'engine-oil': 'engineOilPressureKpa',
  'hydraulic-oil': 'hydraulicTempC',
  'hydraulic-pressure': 'hydraulicPressureBar',
  vibration: 'vibrationRmsMmS',
  load: 'loadPct',
  overheating: 'coolantTempC',
  'battery-failing': 'batteryV',
  'harsh-driving': 'accelX',
  'diagnostic-code': 'coolantTempC',
  crash: 'accelX',
};

/** The link "show the readings behind this finding": the device's chart around the finding's time. */
export function readingsLink(deviceId, at, topic) {
  const t = typeof at === 'string' && !/^\d+$/.test(at) ? Date.parse(at) : Number(at);
  const params = new URLSearchParams({ at: String(t) });
  const metric = METRIC_OF[topic];
  if (metric) params.set('metric', metric);
  return h('a', { class: 'readings-link', href: `#/device/${encodeURIComponent(deviceId)}?${params}` }, 'show the readings behind this finding');
}

function route() {
  const m = /^#\/device\/([^?]+)(?:\?(.*))?$/.exec(location.hash);
  if (!m) return null;
  const q = new URLSearchParams(m[2] ?? '');
  const at = q.has('at') ? Number(q.get('at')) : null;
  const to = q.has('to') ? Number(q.get('to')) : at ? at + HOUR : Date.now();
  const from = q.has('from') ? Number(q.get('from')) : at ? at - 3 * HOUR : to - 6 * HOUR;
  return { deviceId: decodeURIComponent(m[1]), metric: q.get('metric'), at, from, to };
}

function go(r, over) {
  const next = { ...r, ...over };
  const q = new URLSearchParams({ from: String(Math.round(next.from)), to: String(Math.round(next.to)) });
  if (next.metric) q.set('metric', next.metric);
  if (next.at) q.set('at', String(next.at));
  location.hash = `#/device/${encodeURIComponent(next.deviceId)}?${q}`;
}

/** The device's findings as time-axis markers; a role that may not read them just gets none. */
async function findingsOf(device) {
  const quiet = (p) => p.catch(() => ({ items: [] }));
  if (device.kind === 'machine') {
    const page = await quiet(api(`/work-orders?machineId=${encodeURIComponent(device.deviceId)}&pageSize=200`));
    return page.items.flatMap((w) => [{ t: Date.parse(w.firstDetectedAt), label: `Work order: ${w.component} ${w.kind} (${w.severity}, ${w.status})` }]);
  }
  const page = await quiet(api(`/call-centre/cases?vehicleId=${encodeURIComponent(device.deviceId)}&pageSize=200`));
  return page.items.map((c) => ({ t: Date.parse(c.openedAt), label: `Case: ${String(c.kind).replaceAll('_', ' ')} (P${c.priority}, ${c.status})` }));
}

async function download(r, format) {
  const res = await fetch(`/telemetry/devices/${encodeURIComponent(r.deviceId)}/readings?format=${format}&from=${Math.round(r.from)}&to=${Math.round(r.to)}&limit=100000`, {
    credentials: 'same-origin',
  });
  if (!res.ok) throw new ApiError('rejected', res.status, `export failed (HTTP ${res.status})`);
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `${r.deviceId}.${format}` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function controls(r) {
  const local = (t) => {
    const d = new Date(t - new Date(t).getTimezoneOffset() * MINUTE);
    return d.toISOString().slice(0, 16);
  };
  const from = h('input', { type: 'datetime-local', value: local(r.from), 'aria-label': 'from' });
  const to = h('input', { type: 'datetime-local', value: local(r.to), 'aria-label': 'to' });
  return h(
    'div',
    { class: 'history-controls' },
    RANGES.map(([label, ms]) => h('button', { type: 'button', onclick: () => go(r, { from: Date.now() - ms, to: Date.now(), at: null }) }, `Last ${label}`)),
    h('label', {}, 'From ', from),
    h('label', {}, 'to ', to),
    h('button', { type: 'button', onclick: () => go(r, { from: new Date(from.value).getTime(), to: new Date(to.value).getTime() }) }, 'Show'),
    h('button', { type: 'button', onclick: () => download(r, 'csv') }, 'Export CSV'),
    h('button', { type: 'button', onclick: () => download(r, 'jsonl') }, 'Export JSON Lines'),
    h('a', { href: '#', onclick: (e) => { e.preventDefault(); location.hash = ''; } }, 'Close'),
  );
}

async function chartOf(device, metric, r, limits, findings) {
  const base = `/telemetry/devices/${encodeURIComponent(device.deviceId)}/history?metric=${metric.name}&from=${Math.round(r.from)}&to=${Math.round(r.to)}&points=${POINTS}`;
  const [avg, env] = await Promise.all([api(`${base}&agg=avg`), api(`${base}&agg=envelope`)]);
  const limit = limits.find((l) => l.metric === metric.name);
  const lines = limit ? [{ value: limit.value, kind: 'limit', label: `limit ${limit.value} ${limit.unit}` }, ...(limit.critical !== null ? [{ value: limit.critical, kind: 'critical', label: `critical ${limit.critical} ${limit.unit}` }] : [])] : [];
  const label = `${metric.label} (${metric.unit})`;
  const readings = avg.points.reduce((n, p) => n + p.count, 0);
  return h(
    'figure',
    { class: `history-chart${metric.name === r.metric ? ' focused' : ''}`, 'data-metric': metric.name },
    h('figcaption', {}, h('strong', {}, label), ` · ${readings.toLocaleString()} readings in ${avg.points.length} buckets of ${Math.round(avg.bucketMs / 1000).toLocaleString()} s (${avg.source})`),
    metricChart({ from: avg.from, to: avg.to, bucketMs: avg.bucketMs, avg: avg.points, envelope: env.points, limits: lines, markers: findings, focusAt: r.at, label }),
  );
}

async function trackOf(device, r) {
  const [track, config] = await Promise.all([api(`/telemetry/devices/${encodeURIComponent(device.deviceId)}/track?from=${Math.round(r.from)}&to=${Math.round(r.to)}&toleranceM=10&maxPoints=1500`), loadMapConfig()]);
  const points = track.points.map(([, lat, lon]) => ({ lat, lon }));
  if (points.length === 0) return null;
  return h(
    'figure',
    { class: 'history-track' },
    h('figcaption', {}, h('strong', {}, 'Track'), ` · ${track.points.length} of ${track.rawPoints} positions kept (Douglas–Peucker, ${track.toleranceM} m)`),
    mapSvg(config, points, (view) => [s('path', { class: 'map-track', d: `M${points.map((p) => view.project(p.lat, p.lon).map((v) => v.toFixed(1)).join(',')).join('L')}` })], `Track of ${device.deviceId}`),
  );
}

async function render(section, r) {
  const body = section.querySelector('.panel-body');
  const status = section.querySelector('.panel-status');
  section.hidden = false;
  status.hidden = false;
  status.dataset.kind = 'info';
  status.textContent = 'Loading…';
  try {
    const device = await api(`/telemetry/devices/${encodeURIComponent(r.deviceId)}`);
    const [limits, findings] = await Promise.all([api(`/telemetry/models/${encodeURIComponent(device.model)}/limits?kind=${device.kind}`).then((l) => l.limits).catch(() => []), findingsOf(device)]);
    const metrics = [...device.metrics].sort((a, b) => Number(b.name === r.metric) - Number(a.name === r.metric));
    const charts = await Promise.all(metrics.map((m) => chartOf(device, m, r, limits, findings)));
    const track = device.kind === 'vehicle' ? await trackOf(device, r) : null;
    body.replaceChildren(
      ...[h('p', { class: 'headline' }, h('code', {}, device.deviceId), ` ${device.kind} · ${device.model} · ${device.state} · last reading ${formatWithZone(device.ts)}`),
      h('p', { class: 'history-range' }, `${formatWithZone(r.from)} – ${formatWithZone(r.to)} · times in ${zoneLabel(r.from)}${findings.length ? ` · ${findings.length} finding(s) marked ▲` : ''}`),
      controls(r),
      track,
      h('div', { class: 'history-charts' }, charts),
    ].filter(Boolean),
    );
    section.querySelector('h2').textContent = `History of ${device.deviceId}`;
    status.hidden = true;
    status.textContent = '';
    section.scrollIntoView({ block: 'start' });
  } catch (err) {
    body.replaceChildren();
    status.dataset.kind = err.kind === 'unavailable' ? 'warn' : 'error';
    status.textContent = err.status === 404 ? `No readings of ${r.deviceId} are kept.` : `The history could not be loaded: ${err.message}`;
  }
}

/** Shows the view whenever the hash names a device; hides it otherwise. */
export function startHistoryView() {
  const section = document.getElementById('view-history');
  const onRoute = () => {
    const r = route();
    if (!r) {
      section.hidden = true;
      return;
    }
    void render(section, r);
  };
  window.addEventListener('hashchange', onRoute);
  onRoute();
}
