// The record systems' panels: work orders, the call centre, paper trading.
// Routes and payloads are those of the platform's controllers (apps/*/src/**/*.controller.ts).
import { act, actionButton, ask } from './actions.js';
import { api, session } from './api.js';
import { badge, count, facts, h, money, num, table, time } from './dom.js';
import { readingsLink } from './history.js';
import { showLineage } from './lineage.js';

const SEVERITY_KIND = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral', info: 'neutral' };

/** Work-order actions by status (the server checks again: a 409 names the allowed ones). */
const WORK_ORDER_ACTIONS = {
  open: [['Schedule', 'scheduled'], ['Start', 'in_progress'], ['Cancel', 'cancelled']],
  scheduled: [['Start', 'in_progress'], ['Unschedule', 'open'], ['Cancel', 'cancelled']],
  in_progress: [['Done', 'done'], ['Cancel', 'cancelled']],
};

/** GET /work-orders (maintenance, operator): the active ones, most severe first; POST /work-orders/:id/transitions (maintenance). */
export const workOrders = {
  id: 'panel-work-orders',
  title: 'Maintenance work orders',
  wide: true,
  roles: ['maintenance', 'operator'],
  services: ['maintenance'],
  load: () => api('/work-orders?status=open,scheduled,in_progress&pageSize=25'),
  render: (page, ctx, panel) => {
    const transition = (w, label, status) => {
      const body = { status, by: session.get().username };
      if (status === 'scheduled') {
        const assignee = ask(`Assign work order on ${w.machineId} (${w.component}) to whom? (empty: nobody yet)`);
        if (assignee) body.assignee = assignee;
      } else if (status === 'cancelled' || status === 'done') {
        const note = window.prompt(`${label} work order on ${w.machineId} (${w.component}): a note (optional)`, '');
        if (note === null) return;
        if (note.trim()) body.note = note.trim();
      }
      return act(panel, ctx, `${label} work order ${w.machineId} ${w.component}`, () => api(`/work-orders/${encodeURIComponent(w.id)}/transitions`, { method: 'POST', body }));
    };
    const mayAct = session.has('maintenance');
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, `${count(page.total, 'active work order')}`),
      table({
        caption: 'Open, scheduled and in-progress work orders',
        empty: 'No active work order.',
        rows: page.items,
        rowKey: (w) => w.id,
        columns: [
          { label: 'Severity', cell: (w) => badge(w.severity, SEVERITY_KIND[w.severity]), nowrap: true },
          { label: 'Machine', cell: (w) => h('code', {}, w.machineId) },
          { label: 'Site', cell: (w) => w.site },
          { label: 'Component', cell: (w) => w.component },
          { label: 'Summary', cell: (w) => w.summary },
          { label: 'Status', cell: (w) => h('span', { class: 'status' }, w.status.replace('_', ' ')), nowrap: true },
          { label: 'Assignee', cell: (w) => w.assignee },
          { label: 'Findings', cell: (w) => String(w.findingCount), numeric: true },
          { label: 'Last detected', cell: (w) => time(w.lastDetectedAt) },
          { label: 'Predicted limit', cell: (w) => time(w.predictedLimitAt) },
          { label: 'Readings', cell: (w) => readingsLink(w.machineId, w.firstDetectedAt, w.component) },
          {
            label: 'Actions',
            cell: (w) =>
              h(
                'span',
                { class: 'actions' },
                actionButton('Lineage', `lineage:${w.id}`, () => showLineage(`work order ${w.machineId} ${w.component}`, `/work-orders/${encodeURIComponent(w.id)}/lineage`), { subject: w.machineId }),
                mayAct ? (WORK_ORDER_ACTIONS[w.status] ?? []).map(([label, status]) => actionButton(label, `${status}:${w.id}`, () => transition(w, label, status), { danger: status === 'cancelled', subject: w.machineId })) : null,
              ),
          },
        ],
      }),
    );
  },
};

/** Case actions by status: [label, route, what the body needs]. */
const CASE_ACTIONS = {
  new: [['Acknowledge', 'acknowledge']],
  acknowledged: [['Contact', 'contact'], ['Resolve', 'resolve']],
  in_contact: [['Resolve', 'resolve']],
  resolved: [['Close', 'close']],
};

/** GET /call-centre/cases (callcentre, operator): open cases by priority, then SLA due time; actions (callcentre). */
export const callCentre = {
  id: 'panel-call-centre',
  title: 'Call-centre queue',
  wide: true,
  roles: ['callcentre', 'operator'],
  services: ['call-centre'],
  load: () => api('/call-centre/cases?pageSize=25'),
  render: (page, ctx, panel) => {
    const overdue = page.items.filter((c) => c.overdue).length;
    const mayAct = session.has('callcentre');
    const run = (c, label, action) => {
      const body = { by: session.get().username };
      if (action === 'resolve') {
        const resolution = ask(`Resolve the case of ${c.vehicleId}: the resolution`);
        if (!resolution) return;
        body.resolution = resolution;
      }
      return act(panel, ctx, `${label} case ${c.vehicleId}`, () => api(`/call-centre/cases/${encodeURIComponent(c.id)}/${action}`, { method: 'POST', body }));
    };
    const assign = (c) => {
      const agent = ask(`Assign the case of ${c.vehicleId} to which agent?`, session.get().username);
      if (!agent) return;
      return act(panel, ctx, `Assign case ${c.vehicleId} to ${agent}`, () => api(`/call-centre/cases/${encodeURIComponent(c.id)}/assign`, { method: 'POST', body: { agent, by: session.get().username } }));
    };
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, count(page.total, 'open case'), overdue ? [' · ', badge(`${overdue} overdue`, 'bad')] : ''),
      table({
        caption: 'Open cases, highest priority first',
        empty: 'The queue is empty.',
        rows: page.items,
        rowKey: (c) => c.id,
        columns: [
          { label: 'Priority', cell: (c) => badge(`P${c.priority}`, c.priority === 1 ? 'bad' : c.priority === 2 ? 'warn' : 'neutral') },
          { label: 'Vehicle', cell: (c) => h('code', {}, c.vehicleId) },
          { label: 'Incident', cell: (c) => c.kind.replaceAll('_', ' '), nowrap: true },
          { label: 'Summary', cell: (c) => c.summary },
          { label: 'Status', cell: (c) => h('span', { class: 'status' }, c.status.replace('_', ' ')), nowrap: true },
          { label: 'SLA due', cell: (c) => (c.overdue ? h('span', {}, time(c.slaDueAt), ' ', badge('overdue', 'bad')) : time(c.slaDueAt)) },
          { label: 'Agent', cell: (c) => c.assignedAgent },
          { label: 'Incidents', cell: (c) => String(c.incidentCount), numeric: true },
          { label: 'Readings', cell: (c) => readingsLink(c.vehicleId, c.openedAt, c.kind) },
          {
            label: 'Actions',
            cell: (c) =>
              h(
                'span',
                { class: 'actions' },
                actionButton('Lineage', `lineage:${c.id}`, () => showLineage(`case ${c.vehicleId} ${c.kind}`, `/call-centre/cases/${encodeURIComponent(c.id)}/lineage`), { subject: c.vehicleId }),
                mayAct ? (CASE_ACTIONS[c.status] ?? []).map(([label, action]) => actionButton(label, `${action}:${c.id}`, () => run(c, label, action), { subject: c.vehicleId })) : null,
                mayAct && c.status !== 'closed' ? actionButton('Assign', `assign:${c.id}`, () => assign(c), { subject: c.vehicleId }) : null,
              ),
          },
        ],
      }),
    );
  },
};

/** GET /trading/pnl, /positions, /orders, /kill-switch (trading). Paper trading only. */
export const trading = {
  id: 'panel-trading',
  title: () => ['Trading ', h('strong', { class: 'paper-label' }, 'PAPER TRADING')],
  wide: true,
  className: 'paper',
  notice: () => h('p', { class: 'paper-notice' }, 'Simulated orders and fills only: no broker is called and no real money moves.'),
  roles: ['trading'],
  services: ['trading', 'market-sentiment'],
  load: async () => {
    const [pnl, positions, orders, killSwitch] = await Promise.all([
      api('/trading/pnl'),
      api('/trading/positions'),
      api('/trading/orders?limit=20'),
      api('/trading/kill-switch'),
    ]);
    return { pnl, positions, orders, killSwitch };
  },
  render: ({ pnl, positions, orders, killSwitch }, ctx, panel) =>
    h(
      'div',
      {},
      // PUT /trading/kill-switch (admin): the server answers 409 when it is already in that state
      session.get()?.roles.includes('admin')
        ? h(
            'p',
            {},
            actionButton(killSwitch.engaged ? 'Release kill switch' : 'Engage kill switch', 'kill-switch', () => {
              const reason = ask(killSwitch.engaged ? 'Release the kill switch: why?' : 'Engage the kill switch (no new paper orders): why?');
              if (!reason) return;
              return act(panel, ctx, killSwitch.engaged ? 'Release the kill switch' : 'Engage the kill switch', () => api('/trading/kill-switch', { method: 'PUT', body: { engaged: !killSwitch.engaged, reason } }));
            }, { danger: !killSwitch.engaged }),
          )
        : null,
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
            { label: 'Lineage', cell: (o) => actionButton('Lineage', `lineage:${o.id}`, () => showLineage(`order $${o.ticker} ${o.side}`, `/trading/orders/${encodeURIComponent(o.id)}/lineage`), { subject: o.ticker }) },
          ],
        }),
      ),
    ),
};
