// The commands panel: what operators and record systems asked devices to do, and
// where each command is (queued → delivered → succeeded / failed / expired).
import { api } from './api.js';
import { badge, h, table, time } from './dom.js';

const STATE_KIND = { queued: 'neutral', delivered: 'warn', succeeded: 'ok', failed: 'bad', expired: 'bad' };

/** What a finished command answered, in one line. */
function outcome(c) {
  if (c.error) return c.error;
  if (c.result) return JSON.stringify(c.result).slice(0, 160);
  return '';
}

/** GET /device-commands (operator, maintenance, callcentre): the newest commands of the fleet. */
export const deviceCommands = {
  id: 'panel-device-commands',
  title: 'Device commands',
  wide: true,
  roles: ['operator', 'maintenance', 'callcentre'],
  services: ['ingest-broker'],
  load: () => api('/device-commands?limit=50'),
  render: (items) =>
    table({
      caption: 'Commands to devices, newest first',
      empty: 'No command was sent yet.',
      rows: items,
      rowKey: (c) => c.commandId,
      columns: [
        { label: 'Device', cell: (c) => h('code', {}, c.deviceId) },
        { label: 'Command', cell: (c) => h('span', {}, c.name, ' ', h('code', {}, JSON.stringify(c.args))) },
        { label: 'State', nowrap: true, cell: (c) => badge(c.state, STATE_KIND[c.state] ?? 'neutral') },
        { label: 'By', cell: (c) => c.requestedBy },
        { label: 'Queued', cell: (c) => time(c.queuedAt) },
        { label: 'Delivered', cell: (c) => time(c.deliveredAt) },
        { label: 'Done', cell: (c) => time(c.completedAt) },
        { label: 'Expires', cell: (c) => time(c.expiresAt) },
        { label: 'Answer', cell: outcome },
      ],
    }),
};
