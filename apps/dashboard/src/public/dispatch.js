// The dispatch panel: active transit disruptions, the stations' open requests for
// vehicles (a dispatcher may close one: its vehicles go to the other requests) and
// the vehicles sent, each traceable to the tweets behind it.
import { act, actionButton } from './actions.js';
import { api, session } from './api.js';
import { badge, count, h, num, table, time } from './dom.js';
import { showLineage } from './lineage.js';

/** GET /dispatch/disruptions, /requests, /assignments (dispatch, operator); POST /dispatch/requests/:id/close (dispatch). */
export const dispatch = {
  id: 'panel-dispatch',
  title: 'Transit disruptions and dispatch',
  wide: true,
  roles: ['dispatch', 'operator'],
  services: ['dispatch', 'tweet-analysis'],
  load: async () => {
    const [disruptions, requests, assignments] = await Promise.all([
      api('/dispatch/disruptions?status=active'),
      api('/dispatch/requests?status=open'),
      api('/dispatch/assignments?active=true'),
    ]);
    return { disruptions: disruptions.items, requests: requests.items, assignments: assignments.items };
  },
  render: ({ disruptions, requests, assignments }, ctx, panel) => {
    const requestById = new Map(requests.map((r) => [r.requestId, r]));
    const lineByDisruption = new Map(disruptions.map((d) => [d.disruptionId, d.lineName]));
    const sent = (r) => assignments.filter((a) => a.requestId === r.requestId).length;
    const mayAct = session.has('dispatch');
    const close = (r) => {
      const note = window.prompt(`Close the request for ${r.stationName}: its vehicles are released. A note (optional)`, '');
      if (note === null) return;
      const body = { by: session.get().username, ...(note.trim() ? { note: note.trim() } : {}) };
      return act(panel, ctx, `Close request ${r.stationName}`, () => api(`/dispatch/requests/${encodeURIComponent(r.requestId)}/close`, { method: 'POST', body }));
    };
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
          caption: 'Open requests for vehicles',
          empty: 'No open request.',
          rows: requests,
          rowKey: (r) => r.requestId,
          columns: [
            { label: 'Station', cell: (r) => r.stationName },
            { label: 'Line', cell: (r) => lineByDisruption.get(r.disruptionId) },
            { label: 'Vehicles', cell: (r) => `${sent(r)} / ${r.vehiclesWanted}`, numeric: true },
            { label: 'Since', cell: (r) => time(r.createdAt) },
            { label: 'Actions', cell: (r) => (mayAct ? actionButton('Close', `close:${r.requestId}`, () => close(r), { danger: true, subject: r.stationName }) : null) },
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
            { label: 'Lineage', cell: (a) => actionButton('Lineage', `lineage:${a.assignmentId}`, () => showLineage(`vehicle ${a.vehicleId} dispatched`, `/dispatch/assignments/${encodeURIComponent(a.assignmentId)}/lineage`), { subject: a.vehicleId }) },
          ],
        }),
      ),
    );
  },
};
