// The panels: which REST routes each one reads and how it shows them.
// Routes and payloads are those of the platform's controllers (apps/*/src/**/*.controller.ts).
import { api, session } from './api.js';
import { badge, count, h, table, time } from './dom.js';


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
