// The fleet map: every machine and vehicle at its latest position, coloured by
// its state, a click opens its history. Drawn in SVG on Web Mercator, over
// either the tiles configured for the deployment (TELEMETRY_HISTORY_MAP_TILE_URL,
// served on the page's own origin) or the outline of the Tokyo area the
// dashboard ships (tokyo-outline.js, Natural Earth): never an internet service.
import { api } from './api.js';
import { s, formatWithZone } from './chart.js';
import { badge, count, h } from './dom.js';
import { TOKYO_OUTLINE } from './tokyo-outline.js';

const W = 760;
const H = 520;
const TILE = 256;
/** a device silent for longer than this is drawn as stale */
const STALE_MS = 10 * 60_000;
const PLACES = [
  ['東京 Tokyo', 35.6812, 139.7671],
  ['横浜 Yokohama', 35.4658, 139.6223],
  ['川崎 Kawasaki', 35.5308, 139.703],
  ['さいたま Saitama', 35.8617, 139.6455],
  ['千葉 Chiba', 35.6074, 140.1065],
];

/** Web Mercator at zoom z, in pixels. */
const mx = (lon, z) => ((lon + 180) / 360) * TILE * 2 ** z;
const my = (lat, z) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * TILE * 2 ** z;
};

/**
 * The view: a zoom and an origin fitting the box (west, south, east, north) into
 * W × H. Tiles need a whole zoom level; the shipped outline scales to fit exactly.
 */
function viewOf([w, south, e, n], wholeZoom) {
  const fit = Math.min(W / (mx(e, 0) - mx(w, 0)), H / (my(south, 0) - my(n, 0)));
  let z = Math.min(18, Math.log2(fit));
  if (wholeZoom) z = Math.floor(z);
  const cx = (mx(w, z) + mx(e, z)) / 2;
  const cy = (my(south, z) + my(n, z)) / 2;
  return { z, x0: cx - W / 2, y0: cy - H / 2, project: (lat, lon) => [mx(lon, z) - (cx - W / 2), my(lat, z) - (cy - H / 2)] };
}

/** The box to show: the Tokyo area when every position is in it, else the positions' own box with a margin. */
function boxOf(points) {
  const [w, sth, e, n] = TOKYO_OUTLINE.box;
  if (points.length === 0) return [w, sth, e, n];
  const lats = points.map((p) => p.lat);
  const lons = points.map((p) => p.lon);
  const b = [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)];
  if (b[0] >= w && b[2] <= e && b[1] >= sth && b[3] <= n) return [w, sth, e, n];
  const padLon = Math.max(0.05, (b[2] - b[0]) * 0.15);
  const padLat = Math.max(0.05, (b[3] - b[1]) * 0.15);
  return [b[0] - padLon, b[1] - padLat, b[2] + padLon, b[3] + padLat];
}

function baseLayer(view, tileUrl) {
  if (tileUrl) {
    const tiles = [];
    const n = 2 ** view.z;
    for (let tx = Math.floor(view.x0 / TILE); tx * TILE < view.x0 + W; tx++) {
      for (let ty = Math.floor(view.y0 / TILE); ty * TILE < view.y0 + H; ty++) {
        if (ty < 0 || ty >= n) continue;
        const href = tileUrl.replace('{z}', view.z).replace('{x}', ((tx % n) + n) % n).replace('{y}', ty);
        tiles.push(s('image', { href, x: tx * TILE - view.x0, y: ty * TILE - view.y0, width: TILE, height: TILE }));
      }
    }
    return s('g', { class: 'map-tiles' }, tiles);
  }
  const land = TOKYO_OUTLINE.polygons.map((poly) => s('path', { class: 'map-land', d: `M${poly.map(([lon, lat]) => view.project(lat, lon).map((v) => v.toFixed(1)).join(',')).join('L')}Z` }));
  // a graticule every 0.1° (about 11 km north–south)
  const lines = [];
  const [w, sth, e, n] = TOKYO_OUTLINE.box;
  for (let lon = Math.ceil(w * 10) / 10; lon <= e; lon += 0.1) lines.push(s('line', { class: 'map-graticule', x1: view.project(n, lon)[0], x2: view.project(sth, lon)[0], y1: view.project(n, lon)[1], y2: view.project(sth, lon)[1] }));
  for (let lat = Math.ceil(sth * 10) / 10; lat <= n; lat += 0.1) lines.push(s('line', { class: 'map-graticule', x1: view.project(lat, w)[0], x2: view.project(lat, e)[0], y1: view.project(lat, w)[1], y2: view.project(lat, e)[1] }));
  const places = PLACES.map(([name, lat, lon]) => {
    const [px, py] = view.project(lat, lon);
    return s('text', { class: 'map-place', x: px + 6, y: py - 6 }, name);
  });
  // sea inside the outline's box; outside it the map has no data (not sea)
  const [x1, y1] = view.project(n, w);
  const [x2, y2] = view.project(sth, e);
  return s('g', { class: 'map-base' }, s('rect', { class: 'map-outside', x: 0, y: 0, width: W, height: H }), s('rect', { class: 'map-sea', x: x1, y: y1, width: x2 - x1, height: y2 - y1 }), land, lines, places);
}

/**
 * An SVG map of positions (the fleet, or one vehicle's track).
 * @param {{tileUrl: string|null, attribution: string|null}} config
 * @param {{lat:number, lon:number}[]} points   what the view must hold
 * @param {(view) => Node[]} draw               the layers above the base
 */
export function mapSvg(config, points, draw, label) {
  const view = viewOf(boxOf(points), Boolean(config.tileUrl));
  const attribution = config.tileUrl ? config.attribution ?? '' : 'Coastline: Natural Earth (public domain)';
  return s('svg', { class: 'map', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': label }, baseLayer(view, config.tileUrl), draw(view), s('text', { class: 'map-attribution', x: W - 6, y: H - 6, 'text-anchor': 'end' }, attribution));
}

let mapConfig = null;
/** The deployment's map settings (tiles or the shipped outline), asked once. */
export async function loadMapConfig() {
  mapConfig ??= await api('/telemetry/map-config');
  return mapConfig;
}

/** The fleet-map panel, refreshed with the others. */
export const fleetMap = {
  id: 'panel-map',
  title: 'Fleet map',
  wide: true,
  roles: ['operator', 'maintenance', 'callcentre', 'dispatch'],
  load: async () => {
    const [latest, config] = await Promise.all([api('/telemetry/latest?limit=5000'), loadMapConfig()]);
    return { devices: latest.items, config };
  },
  render: ({ devices, config }) => {
    const now = Date.now();
    const stale = (d) => now - d.ts > STALE_MS;
    const open = (d) => {
      location.hash = `#/device/${encodeURIComponent(d.deviceId)}`;
    };
    const svg = mapSvg(
      config,
      devices.map((d) => d.position),
      (view) =>
        devices.map((d) => {
          const [px, py] = view.project(d.position.lat, d.position.lon);
          const dot = s(
            'g',
            { class: `map-device map-${d.kind} state-${stale(d) ? 'stale' : d.state}`, tabindex: 0, role: 'link', 'data-device': d.deviceId, 'aria-label': `${d.deviceId} ${d.state}` },
            s('title', {}, `${d.deviceId} (${d.model}) · ${d.state}${stale(d) ? ', stale' : ''} · ${formatWithZone(d.ts)}`),
            d.kind === 'vehicle' ? s('rect', { x: px - 6, y: py - 6, width: 12, height: 12, rx: 2 }) : s('circle', { cx: px, cy: py, r: 7 }),
          );
          dot.addEventListener('click', () => open(d));
          dot.addEventListener('keydown', (e) => {
            if (e.key === 'Enter') open(d);
          });
          return dot;
        }),
      `Fleet map: ${devices.length} devices`,
    );
    const states = [...new Set(devices.map((d) => (stale(d) ? 'stale' : d.state)))].sort();
    return h(
      'div',
      {},
      h('p', { class: 'headline' }, `${count(devices.filter((d) => d.kind === 'machine').length, 'machine')} · ${count(devices.filter((d) => d.kind === 'vehicle').length, 'vehicle')}`),
      h('div', { class: 'map-wrap' }, svg),
      h('p', { class: 'map-legend' }, 'Machines ● vehicles ■ · ', states.map((st) => h('span', { class: `legend-swatch state-${st}` }, badge(st))), ' · click a device for its history'),
    );
  },
};
