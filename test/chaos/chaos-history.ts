/**
 * Telemetry history in the chaos suite: every PUBACKed reading of every machine and
 * vehicle stored exactly once. Rows are unique by (device, ts, seq), so a reading
 * delivered twice cannot add a row; the per-minute roll-ups and the device's reading
 * count are sums, so one folded in twice shows there.
 */
import type { Client } from 'pg';
import type { Fleet } from './chaos-fleet';
import { until } from './chaos-probes';

export interface HistoryResult {
  readonly devices: number;
  /** distinct readings PUBACKed */
  readonly acked: number;
  readonly rows: number;
  readonly missingRows: number;
  /** rows of readings never sent */
  readonly extraRows: number;
  /** devices whose roll-up counts or reading count differ from their rows (a reading folded in twice or never) */
  readonly devicesMiscounted: number;
  readonly ok: boolean;
}

interface Counts {
  rows: number;
  rolled: number;
  counted: number;
}

async function countsOf(db: Pick<Client, 'query'>, id: string): Promise<Counts> {
  const { rows } = await db.query(
    `SELECT (SELECT count(*) FROM telemetry_history.readings WHERE device_id = $1)::int AS rows,
            (SELECT coalesce(sum(n), 0) FROM telemetry_history.rollup_minute WHERE device_id = $1)::int AS rolled,
            (SELECT coalesce(max(readings), 0) FROM telemetry_history.devices WHERE device_id = $1)::int AS counted`,
    [id],
  );
  return rows[0] as Counts;
}

export async function verifyHistory(fleets: readonly Fleet[], db: Pick<Client, 'query'>, log: (l: string) => void): Promise<HistoryResult> {
  let devices = 0;
  let acked = 0;
  let rows = 0;
  let missing = 0;
  let extra = 0;
  let miscounted = 0;
  for (const m of fleets.flatMap((f) => f.devices)) {
    const id = m.device.deviceId;
    const c = await until(`${id} in the history`, async () => {
      const got = await countsOf(db, id);
      return got.rows >= m.acked.size && got.rolled >= got.rows ? got : undefined;
    }, 120_000).catch(() => countsOf(db, id));
    devices++;
    acked += m.acked.size;
    rows += c.rows;
    missing += Math.max(0, m.acked.size - c.rows);
    extra += Math.max(0, c.rows - m.readings.length);
    if (c.rolled !== c.rows || c.counted !== c.rows) miscounted++;
  }
  const result = { devices, acked, rows, missingRows: missing, extraRows: extra, devicesMiscounted: miscounted, ok: missing === 0 && extra === 0 && miscounted === 0 };
  log(`verified telemetry history: ${JSON.stringify(result)}`);
  return result;
}
