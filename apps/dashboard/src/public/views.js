// The panels: which REST routes each one reads and how it shows them.
// Routes and payloads are those of the platform's controllers (apps/*/src/**/*.controller.ts).
import { api } from './api.js';
import { badge, count, facts, h, money, num, table, time } from './dom.js';
import { readingsLink } from './history.js';

const SEVERITY_KIND = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral', info: 'neutral' };

/** GET /health (public): overall status and each probe; 503 still carries the report. */
export const health = {
  id: 'panel-health',
  roles: ['any'],
  public: true,
  load: () => api('/health', { accept: [503] }),
  render: (report) => {
    const kind = report.status === 'up' ? 'ok' : report.status === 'degraded' ? 'warn' : 'bad';
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, 'Platform is ', badge(report.status, kind)),
      table({
        caption: 'Dependency probes',
        empty: 'No probes registered.',
        // failing first, then by name: a stable order, as probes answer in any order
        rows: [...(report.probes ?? [])].sort((a, b) => Number(a.ok) - Number(b.ok) || a.name.localeCompare(b.name)),
        columns: [
          { label: 'Probe', cell: (p) => p.name, nowrap: true },
          { label: 'State', cell: (p) => badge(p.ok ? 'ok' : 'failing', p.ok ? 'ok' : p.critical ? 'bad' : 'warn') },
          { label: 'Critical', cell: (p) => (p.critical ? 'yes' : 'no') },
          { label: 'Detail', cell: (p) => p.detail },
          { label: 'ms', cell: (p) => String(p.ms), numeric: true },
        ],
      }),
    );
  },
};

/**
 * Which tokens are admin: only admins may disable devices. There is no "who am I"
 * route, so the dashboard asks once per token for an admin-only read of a listed
 * device (GET /devices/:id/events): 200 means admin, 403 means not.
 */
const adminByToken = new Map();
async function isAdmin(token, deviceId) {
  if (!adminByToken.has(token)) {
    try {
      await api(`/devices/${encodeURIComponent(deviceId)}/events?limit=1`, { token });
      adminByToken.set(token, true);
    } catch (err) {
      if (err.kind === 'forbidden') adminByToken.set(token, false);
      else return false; // unknown yet: ask again next refresh
    }
  }
  return adminByToken.get(token);
}

/** GET /devices (operator); POST /devices/:id/disable|enable (admin). */
export const devices = {
  id: 'panel-devices',
  roles: ['operator', 'admin'],
  load: async (ctx) => {
    const page = await api('/devices?pageSize=200');
    const admin = page.items.length > 0 ? await isAdmin(ctx.token, page.items[0].deviceId) : false;
    return { ...page, admin };
  },
  render: (page, ctx, panel) => {
    const online = page.items.filter((d) => d.online).length;
    const disabled = page.items.filter((d) => !d.enabled).length;
    const toggle = async (device) => {
      const action = device.enabled ? 'disable' : 'enable';
      const warning = device.enabled ? ' It is disconnected and can no longer publish.' : '';
      if (!window.confirm(`${action[0].toUpperCase()}${action.slice(1)} device ${device.deviceId}?${warning}`)) return;
      try {
        await api(`/devices/${encodeURIComponent(device.deviceId)}/${action}`, { method: 'POST' });
        panel.flash(`Device ${device.deviceId} ${action}d.`, 'ok');
      } catch (err) {
        panel.flash(`Could not ${action} ${device.deviceId}: ${err.kind === 'forbidden' ? 'only admins may' : err.message}.`, 'error');
      }
      await ctx.refreshPanel(panel);
    };
    const columns = [
      { label: 'Device', cell: (d) => h('code', {}, d.deviceId) },
      { label: 'Model', cell: (d) => h('span', {}, d.model, h('span', { class: 'kind' }, d.kind)) },
      { label: 'Site', cell: (d) => d.site },
      {
        label: 'State',
        nowrap: true,
        cell: (d) => h('span', {}, badge(d.online ? 'online' : 'offline', d.online ? 'ok' : 'neutral'), d.enabled ? '' : [' ', badge('disabled', 'bad')]),
      },
      { label: 'Last seen', cell: (d) => time(d.lastSeenAt) },
    ];
    if (page.admin) {
      columns.push({
        label: 'Action',
        cell: (d) =>
          h(
            'button',
            { type: 'button', class: d.enabled ? 'danger' : null, 'data-key': `toggle:${d.deviceId}`, onclick: () => toggle(d) },
            d.enabled ? 'Disable' : 'Enable',
            h('span', { class: 'visually-hidden' }, ` ${d.deviceId}`),
          ),
      });
    }
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, `${count(page.total, 'device')} · ${online} online · ${page.items.length - online} offline · ${disabled} disabled`),
      table({
        caption: page.total > page.items.length ? `First ${page.items.length} of ${page.total} devices` : 'Provisioned devices',
        empty: 'No device is provisioned yet.',
        rows: page.items,
        columns,
        rowClass: (d) => (d.enabled ? null : 'muted'),
      }),
    );
  },
};

/** GET /work-orders (maintenance, operator): the active ones, most severe first. */
export const workOrders = {
  id: 'panel-work-orders',
  roles: ['maintenance', 'operator'],
  load: () => api('/work-orders?status=open,scheduled,in_progress&pageSize=25'),
  render: (page) =>
    h(
      'div',
      {},
      h('p', { class: 'headline' }, `${count(page.total, 'active work order')}`),
      table({
        caption: 'Open, scheduled and in-progress work orders',
        empty: 'No active work order.',
        rows: page.items,
        columns: [
          { label: 'Severity', cell: (w) => badge(w.severity, SEVERITY_KIND[w.severity]), nowrap: true },
          { label: 'Machine', cell: (w) => h('code', {}, w.machineId) },
          { label: 'Component', cell: (w) => w.component },
          { label: 'Summary', cell: (w) => w.summary },
          { label: 'Status', cell: (w) => w.status.replace('_', ' '), nowrap: true },
          { label: 'Findings', cell: (w) => String(w.findingCount), numeric: true },
          { label: 'Last detected', cell: (w) => time(w.lastDetectedAt) },
          { label: 'Predicted limit', cell: (w) => time(w.predictedLimitAt) },
          { label: 'Readings', cell: (w) => readingsLink(w.machineId, w.firstDetectedAt, w.component) },
        ],
      }),
    ),
};

/** GET /call-centre/cases (callcentre, operator): open cases by priority, then SLA due time. */
export const callCentre = {
  id: 'panel-call-centre',
  roles: ['callcentre', 'operator'],
  load: () => api('/call-centre/cases?pageSize=25'),
  render: (page) => {
    const overdue = page.items.filter((c) => c.overdue).length;
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, count(page.total, 'open case'), overdue ? [' · ', badge(`${overdue} overdue`, 'bad')] : ''),
      table({
        caption: 'Open cases, highest priority first',
        empty: 'The queue is empty.',
        rows: page.items,
        columns: [
          { label: 'Priority', cell: (c) => badge(`P${c.priority}`, c.priority === 1 ? 'bad' : c.priority === 2 ? 'warn' : 'neutral') },
          { label: 'Vehicle', cell: (c) => h('code', {}, c.vehicleId) },
          { label: 'Incident', cell: (c) => c.kind.replaceAll('_', ' '), nowrap: true },
          { label: 'Summary', cell: (c) => c.summary },
          { label: 'Status', cell: (c) => c.status.replace('_', ' '), nowrap: true },
          { label: 'SLA due', cell: (c) => (c.overdue ? h('span', {}, time(c.slaDueAt), ' ', badge('overdue', 'bad')) : time(c.slaDueAt)) },
          { label: 'Agent', cell: (c) => c.assignedAgent },
          { label: 'Incidents', cell: (c) => String(c.incidentCount), numeric: true },
          { label: 'Readings', cell: (c) => readingsLink(c.vehicleId, c.openedAt, c.kind) },
        ],
      }),
    );
  },
};

/** GET /trading/pnl, /positions, /orders, /kill-switch (trading). Paper trading only. */
export const trading = {
  id: 'panel-trading',
  roles: ['trading'],
  load: async () => {
    const [pnl, positions, orders, killSwitch] = await Promise.all([
      api('/trading/pnl'),
      api('/trading/positions'),
      api('/trading/orders?limit=20'),
      api('/trading/kill-switch'),
    ]);
    return { pnl, positions, orders, killSwitch };
  },
  render: ({ pnl, positions, orders, killSwitch }) =>
    h(
      'div',
      {},
      // the panel's heading says PAPER TRADING; should the server ever say otherwise, say so loudly
      pnl.mode === 'paper' ? null : h('p', { class: 'panel-status', 'data-kind': 'error' }, `The trading service reports mode "${pnl.mode}", not paper trading.`),
      facts([
        ['Realised P&L', money(pnl.realised)],
        ['Unrealised P&L', money(pnl.unrealised)],
        ['Total P&L', money(pnl.total)],
        ['Realised today', money(pnl.today?.realised)],
        ['Kill switch', killSwitch.engaged ? badge('ENGAGED: no new orders', 'bad') : badge('released', 'ok')],
      ]),
      h(
        'div',
        { class: 'columns' },
        table({
          caption: 'Paper positions',
          empty: 'No position.',
          rows: positions.items,
          columns: [
            { label: 'Ticker', cell: (p) => h('code', {}, `$${p.ticker}`) },
            { label: 'Qty', cell: (p) => num(p.qty, 0), numeric: true },
            { label: 'Avg cost', cell: (p) => num(p.avgCost), numeric: true },
            { label: 'Last price', cell: (p) => num(p.lastPrice), numeric: true },
            { label: 'Market value', cell: (p) => num(p.marketValue), numeric: true },
            { label: 'Unrealised', cell: (p) => money(p.unrealisedPnl), numeric: true },
            { label: 'Realised', cell: (p) => money(p.realisedPnl), numeric: true },
          ],
        }),
        table({
          caption: 'Latest paper orders',
          empty: 'No order yet.',
          rows: orders.items,
          columns: [
            { label: 'Time', cell: (o) => time(o.createdAt) },
            { label: 'Ticker', cell: (o) => h('code', {}, `$${o.ticker}`) },
            { label: 'Side', cell: (o) => o.side },
            { label: 'Status', cell: (o) => (o.status === 'filled' ? badge('filled', 'ok') : badge('refused', 'warn')) },
            { label: 'Qty', cell: (o) => num(o.qty, 0), numeric: true },
            { label: 'Fill price', cell: (o) => num(o.fillPrice), numeric: true },
            { label: 'Why refused', cell: (o) => (o.refusedRule ? `${o.refusedRule}${o.refusalDetail ? `: ${o.refusalDetail}` : ''}` : '') },
          ],
        }),
      ),
    ),
};

/** GET /dispatch/disruptions, /requests, /assignments (dispatch, operator). */
export const dispatch = {
  id: 'panel-dispatch',
  roles: ['dispatch', 'operator'],
  load: async () => {
    const [disruptions, requests, assignments] = await Promise.all([
      api('/dispatch/disruptions?status=active'),
      api('/dispatch/requests?status=open'),
      api('/dispatch/assignments?active=true'),
    ]);
    return { disruptions: disruptions.items, requests: requests.items, assignments: assignments.items };
  },
  render: ({ disruptions, requests, assignments }) => {
    const requestById = new Map(requests.map((r) => [r.requestId, r]));
    const lineByDisruption = new Map(disruptions.map((d) => [d.disruptionId, d.lineName]));
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, `${count(disruptions.length, 'active disruption')} · ${count(requests.length, 'open request')} · ${count(assignments.length, 'vehicle')} assigned`),
      h(
        'div',
        { class: 'columns' },
        table({
          caption: 'Active transit disruptions',
          empty: 'No active disruption.',
          rows: disruptions,
          columns: [
            { label: 'Line', cell: (d) => d.lineName },
            { label: 'Kind', cell: (d) => badge(d.kind, d.kind === 'suspension' ? 'bad' : 'warn') },
            { label: 'Confidence', cell: (d) => `${Math.round(d.confidence * 100)} %`, numeric: true },
            { label: 'Stations', cell: (d) => d.stations.map((s) => s.name).join(', ') || '—' },
            { label: 'Since', cell: (d) => time(Number(d.startedAt)) },
          ],
        }),
        table({
          caption: 'Vehicles dispatched',
          empty: 'No vehicle is assigned.',
          rows: assignments,
          columns: [
            { label: 'Vehicle', cell: (a) => h('code', {}, a.vehicleId) },
            { label: 'Station', cell: (a) => requestById.get(a.requestId)?.stationName ?? a.requestId.split('@').pop() },
            { label: 'Line', cell: (a) => lineByDisruption.get(requestById.get(a.requestId)?.disruptionId) },
            { label: 'Distance', cell: (a) => `${num(a.distanceM / 1000, 1)} km`, numeric: true },
            { label: 'Assigned', cell: (a) => time(a.assignedAt) },
          ],
        }),
      ),
    );
  },
};

export const PANELS = [health, devices, workOrders, callCentre, trading, dispatch];
