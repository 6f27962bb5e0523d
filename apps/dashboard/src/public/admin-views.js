// The administration panels: users, the audit trail, dead letters.
// Routes and payloads are those of the platform's controllers (apps/*/src/**/*.controller.ts).
import { act, actionButton, ask } from './actions.js';
import { api } from './api.js';
import { badge, count, h, table, time } from './dom.js';

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
