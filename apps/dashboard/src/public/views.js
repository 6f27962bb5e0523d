// The panels: which REST routes each one reads and how it shows them.
// Routes and payloads are those of the platform's controllers (apps/*/src/**/*.controller.ts).
import { act, actionButton, ask } from './actions.js';
import { api, session } from './api.js';
import { badge, count, facts, h, money, num, table, time } from './dom.js';
import { readingsLink } from './history.js';
import { showLineage } from './lineage.js';

const SEVERITY_KIND = { critical: 'bad', high: 'bad', medium: 'warn', low: 'neutral', info: 'neutral' };

/** GET /health (public): overall status and each probe; 503 still carries the report. */
export const health = {
  id: 'panel-health',
  title: 'Platform health',
  services: [],
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

/** GET /devices (operator); POST /devices/:id/disable|enable (admin). */
export const devices = {
  id: 'panel-devices',
  title: 'Devices',
  roles: ['operator', 'admin'],
  services: ['ingest-broker'],
  load: async () => {
    const page = await api('/devices?pageSize=200');
    return { ...page, admin: session.has('admin') };
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

/** GET /auth/users (admin): operators' accounts; create, disable or enable, delete. */
export const users = {
  id: 'panel-users',
  title: 'Operators’ accounts',
  wide: true,
  roles: ['admin'],
  services: ['identity'],
  load: () => api('/auth/users'),
  render: (page, ctx, panel) => {
    const form = h(
      'form',
      { class: 'user-form', autocomplete: 'off' },
      h('label', {}, 'User name ', h('input', { name: 'username', required: true, maxlength: 64, autocomplete: 'off' })),
      h('label', {}, 'Password ', h('input', { name: 'password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' })),
      h('fieldset', {}, h('legend', {}, 'Roles'), ROLES.map((r) => h('label', {}, h('input', { type: 'checkbox', name: 'roles', value: r }), ` ${r}`))),
      h('button', { type: 'submit', 'data-key': 'create-user' }, 'Create account'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const body = { username: String(data.get('username')), password: String(data.get('password')), roles: data.getAll('roles').map(String) };
      void act(panel, ctx, `Create account ${body.username}`, () => api('/auth/users', { method: 'POST', body }));
    });
    const toggle = (u) => act(panel, ctx, `${u.disabled ? 'Enable' : 'Disable'} ${u.username}`, () => api(`/auth/users/${encodeURIComponent(u.username)}`, { method: 'PATCH', body: { disabled: !u.disabled } }));
    const remove = (u) => {
      if (!window.confirm(`Delete the account ${u.username}? Its sessions end.`)) return;
      return act(panel, ctx, `Delete ${u.username}`, () => api(`/auth/users/${encodeURIComponent(u.username)}`, { method: 'DELETE' }));
    };
    return h(
      'div',
      {},
      table({
        caption: 'Operators’ accounts',
        empty: 'No account.',
        rows: page.items,
        rowClass: (u) => (u.disabled ? 'muted' : null),
        columns: [
          { label: 'User', cell: (u) => h('code', {}, u.username) },
          { label: 'Roles', cell: (u) => u.roles.join(', ') },
          { label: 'State', cell: (u) => (u.disabled ? badge('disabled', 'bad') : badge('enabled', 'ok')) },
          { label: 'Created', cell: (u) => h('span', {}, time(u.createdAt), ` by ${u.createdBy}`) },
          {
            label: 'Actions',
            cell: (u) =>
              h(
                'span',
                { class: 'actions' },
                actionButton(u.disabled ? 'Enable' : 'Disable', `toggle-user:${u.username}`, () => toggle(u), { danger: !u.disabled, subject: u.username }),
                actionButton('Delete', `delete-user:${u.username}`, () => remove(u), { danger: true, subject: u.username }),
              ),
          },
        ],
      }),
      form,
    );
  },
};

const ROLES = ['admin', 'operator', 'maintenance', 'callcentre', 'trading', 'dispatch'];

/** The audit panel's filter (kept across refreshes) and the last chain check. */
const auditFilter = { actor: '', path: '' };
let lastVerify = null;

/** GET /auth/audit (admin): who did what to which record, filtered by user or record; GET /auth/audit/verify checks the chain. */
export const audit = {
  id: 'panel-audit',
  title: 'Audit trail',
  wide: true,
  roles: ['admin'],
  services: ['identity'],
  load: () => {
    const q = new URLSearchParams({ pageSize: '50' });
    if (auditFilter.actor) q.set('actor', auditFilter.actor);
    if (auditFilter.path) q.set('path', auditFilter.path);
    return api(`/auth/audit?${q}`);
  },
  render: (page, ctx, panel) => {
    const form = h(
      'form',
      { class: 'audit-filter' },
      h('label', {}, 'User ', h('input', { name: 'actor', value: auditFilter.actor, 'data-key': 'audit-actor', maxlength: 100 })),
      h('label', {}, 'Record path ', h('input', { name: 'path', value: auditFilter.path, 'data-key': 'audit-path', placeholder: '/work-orders/…', maxlength: 300 })),
      h('button', { type: 'submit', 'data-key': 'audit-filter' }, 'Filter'),
      h('button', { type: 'button', 'data-key': 'audit-verify', 'data-action': 'verify', onclick: () => verify() }, 'Verify chain'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const data = new FormData(form);
      auditFilter.actor = String(data.get('actor')).trim();
      auditFilter.path = String(data.get('path')).trim();
      void ctx.refreshPanel(panel);
    });
    const verify = async () => {
      try {
        lastVerify = await api('/auth/audit/verify');
      } catch (err) {
        lastVerify = { ok: false, rows: 0, firstBroken: { seq: '?', reason: err.message } };
      }
      await ctx.refreshPanel(panel);
    };
    const verdict = lastVerify
      ? h('p', { class: 'audit-verdict', 'data-ok': String(lastVerify.ok) }, lastVerify.ok ? badge(`chain holds: ${lastVerify.rows} rows`, 'ok') : badge(`chain broken at row ${lastVerify.firstBroken.seq}: ${lastVerify.firstBroken.reason}`, 'bad'))
      : null;
    return h(
      'div',
      {},
      form,
      verdict,
      table({
        caption: `Latest actions${auditFilter.actor || auditFilter.path ? ' (filtered)' : ''}: ${page.total}`,
        empty: 'No action recorded.',
        rows: page.items,
        rowKey: (e) => e.seq,
        columns: [
          { label: '#', cell: (e) => e.seq, numeric: true },
          { label: 'When', cell: (e) => time(e.at) },
          { label: 'Who', cell: (e) => h('code', {}, e.actor) },
          { label: 'What', cell: (e) => h('code', {}, e.action) },
          { label: 'Record', cell: (e) => h('code', {}, e.path) },
          { label: 'Outcome', cell: (e) => (e.outcome === 'done' ? badge(`done ${e.status ?? ''}`, 'ok') : badge(`refused ${e.error ?? e.status ?? ''}`, 'warn')) },
          { label: 'Body', cell: (e) => h('code', { class: 'payload' }, JSON.stringify(e.body)) },
          { label: 'From', cell: (e) => e.ip },
        ],
      }),
    );
  },
};

/** A payload shown as text (never markup), cut to a readable length; the full text is in the title. */
function payloadCell(letter) {
  const text = letter.payloadEncoding === 'utf8' ? letter.payload : `(base64) ${letter.payload}`;
  return h('code', { class: 'payload', title: text.slice(0, 4000) }, text.length > 160 ? `${text.slice(0, 160)}…` : text);
}

/** GET /dead-letters (operator): refused records by topic; redrive one or the selected ones, discard with a reason. */
export const deadLetters = {
  id: 'panel-dead-letters',
  title: 'Dead letters',
  wide: true,
  roles: ['operator'],
  services: ['dead-letters'],
  load: () => api('/dead-letters?status=pending&pageSize=50'),
  render: (page, ctx, panel) => {
    const selected = new Set();
    const redrive = (ids) =>
      act(panel, ctx, `Send back ${count(ids.length, 'dead letter')}`, async () => {
        const { outcomes } = await api('/dead-letters/redrive', { method: 'POST', body: { ids } });
        const refused = outcomes.filter((o) => o.outcome === 'refused');
        if (refused.length > 0) throw Object.assign(new Error(refused.map((o) => `#${o.id}: ${o.reason}`).join('; ')), { status: 'partly', kind: 'rejected' });
      });
    const discard = (letter) => {
      const reason = ask(`Discard dead letter #${letter.id} (${letter.reason} on ${letter.originTopic}): why?`);
      if (!reason) return;
      return act(panel, ctx, `Discard dead letter #${letter.id}`, () => api(`/dead-letters/${encodeURIComponent(letter.id)}/discard`, { method: 'POST', body: { reason } }));
    };
    const redriveSelected = h('button', { type: 'button', 'data-key': 'redrive-selected', 'data-action': 'redrive-selected', disabled: true, onclick: () => redrive([...selected]) }, 'Send back selected');
    const origin = (l) => (l.origin.mqttTopic ? `MQTT ${l.origin.mqttTopic}` : `${l.origin.topic} #${l.origin.partition ?? '?'} @${l.origin.offset ?? '?'}`);
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, count(page.total, 'pending dead letter'), page.pendingByTopic.length ? ` · ${page.pendingByTopic.map((t) => `${t.originTopic}: ${t.pending}`).join(' · ')}` : ''),
      table({
        caption: 'Refused records, newest first',
        empty: 'No dead letter is waiting.',
        rows: page.items,
        rowKey: (l) => l.id,
        columns: [
          {
            label: 'Select',
            cell: (l) =>
              h('input', {
                type: 'checkbox',
                'aria-label': `select dead letter ${l.id}`,
                'data-key': `select:${l.id}`,
                onchange: (event) => {
                  if (event.target.checked) selected.add(l.id);
                  else selected.delete(l.id);
                  redriveSelected.disabled = selected.size === 0;
                },
              }),
          },
          { label: '#', cell: (l) => l.id, numeric: true },
          { label: 'Topic', cell: (l) => h('code', {}, l.originTopic) },
          { label: 'Reason', cell: (l) => badge(l.reason, l.reason === 'processing-failed' ? 'warn' : 'bad') },
          { label: 'Detail', cell: (l) => l.detail },
          { label: 'Origin', cell: (l) => h('code', {}, origin(l)) },
          { label: 'Payload', cell: payloadCell },
          { label: 'Refused', cell: (l) => h('span', {}, time(l.rejectedAt), ` by ${l.rejectedBy}`) },
          {
            label: 'Actions',
            cell: (l) =>
              h(
                'span',
                { class: 'actions' },
                actionButton('Redrive', `redrive:${l.id}`, () => redrive([l.id]), { subject: `#${l.id}` }),
                actionButton('Discard', `discard:${l.id}`, () => discard(l), { danger: true, subject: `#${l.id}` }),
              ),
          },
        ],
      }),
      page.items.length > 0 ? h('p', {}, redriveSelected) : null,
    );
  },
};


