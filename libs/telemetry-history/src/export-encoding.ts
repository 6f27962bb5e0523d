import { METRICS, namedValues, type DeviceKind } from './metric-catalogue';

/**
 * Raw readings for export: CSV (RFC 4180: comma separated, CRLF line ends, fields
 * with a comma, quote or line break quoted, quotes doubled) and JSON Lines (one
 * JSON object per line, LF). Both carry the same fields; times are UTC, as ISO
 * 8601 and as epoch ms, so a spreadsheet and a script both read them unchanged.
 */

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
};

/** A stored reading as the export reads it. */
export interface ExportRow {
  readonly deviceId: string;
  readonly ts: number;
  readonly seq: number;
  readonly state: string;
  readonly lat: number;
  readonly lon: number;
  readonly vals: ReadonlyArray<number | null>;
  readonly event: string | null;
  readonly codes: string | null;
}

export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvHeader(kind: DeviceKind): string {
  return [...['time', 'epochMs', 'deviceId', 'seq', 'state', 'lat', 'lon'], ...METRICS[kind].map((m) => m.name), 'event', 'codes'].map(csvField).join(',') + '\r\n';
}

export function csvLine(kind: DeviceKind, r: ExportRow): string {
  const metrics = METRICS[kind].map((_, i) => r.vals[i] ?? null);
  return [new Date(r.ts).toISOString(), r.ts, r.deviceId, r.seq, r.state, r.lat, r.lon, ...metrics, r.event, r.codes].map(csvField).join(',') + '\r\n';
}

export function jsonLine(kind: DeviceKind, r: ExportRow): string {
  return (
    JSON.stringify({
      time: new Date(r.ts).toISOString(),
      ts: r.ts,
      deviceId: r.deviceId,
      seq: r.seq,
      state: r.state,
      position: { lat: r.lat, lon: r.lon },
      values: namedValues(kind, r.vals),
      ...(r.event ? { event: r.event } : {}),
      ...(r.codes ? { dtcs: r.codes.split(',') } : {}),
    }) + '\n'
  );
}

/**
 * Keyset pagination: the position after the last row of a page, (ts, seq), as an
 * opaque URL-safe token. Keyset, not offset: page 1000 costs what page 1 does, and
 * rows arriving meanwhile neither shift nor repeat a page.
 */
export interface ExportCursor {
  readonly ts: number;
  readonly seq: number;
}

export function encodeCursor(c: ExportCursor): string {
  return Buffer.from(`${c.ts}:${c.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(token: string): ExportCursor | null {
  const m = /^(\d{1,16}):(\d{1,10})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m) return null;
  const ts = Number(m[1]);
  const seq = Number(m[2]);
  return Number.isSafeInteger(ts) && Number.isSafeInteger(seq) ? { ts, seq } : null;
}
