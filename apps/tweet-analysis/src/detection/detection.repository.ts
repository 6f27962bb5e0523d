import { Injectable } from '@nestjs/common';
import type { TransitDisruptionV1 } from '@tsunagu/contracts';
import type { LineBurstDetector, LineBurstState, LineReport, RecentReport } from '@tsunagu/tweet-analysis';
import { loadVersionedStates, ServiceDatabase, type LoadedState, type Tx } from '@tsunagu/platform';
import {
  clockTable as C,
  delayReportsTable as R,
  disruptionLogTable as D,
  lineStatesTable as L,
  type DisruptionLogRow,
  type LineStateRow,
  type StoredBurstState,
} from '../tweet-analysis.tables';

/** A line's detector state and the wall-clock time (epoch ms) it last received a delay report. */
export interface StoredLineState {
  readonly state: LineBurstState;
  readonly lastReportWallMs: number;
}

/** Anything that runs a statement: a transaction, or the database outside one. */
type Queryable = Pick<Tx, 'query'>;

/** Every SQL statement of tweet analysis (writes in the caller's transaction); the service holds the logic. */
@Injectable()
export class DetectionRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /**
   * Moves the analysis clock forward to `candidate` (never back) and returns it.
   * The row lock also serialises batches of all partitions: the per-line state
   * is shared by them (tweets are keyed by tweet id, not by line).
   */
  async advanceClock(tx: Tx, candidate: number): Promise<number> {
    const rows = await tx.query<{ watermark: string }>(`UPDATE ${C.qualified} SET watermark = GREATEST(watermark, $1) WHERE id = 1 RETURNING watermark`, [candidate]);
    return Number(rows[0]!.watermark);
  }

  /**
   * Locks the analysis clock row and returns the watermark: batches take the
   * same lock first, so the quiet-timeout sweep and batches never interleave.
   */
  async lockClock(tx: Tx): Promise<number> {
    const rows = await tx.query<{ watermark: string }>(`SELECT watermark FROM ${C.qualified} WHERE id = 1 FOR UPDATE`);
    return Number(rows[0]!.watermark);
  }

  /**
   * Inserts reports in one statement from one JSON document (the reports as they
   * are: arrays of text parameters had the driver escape every character of every
   * text); returns those not seen before (dedup by tweet id and line), and the
   * lines with an active disruption, read by the same statement (one round trip
   * less per batch; run after the clock lock, its snapshot sees what the batch
   * before committed).
   */
  async insertReports(tx: Tx, reports: readonly LineReport[]): Promise<{ fresh: LineReport[]; activeLineIds: string[] }> {
    const active = `SELECT NULL AS tweet_id, line_id FROM ${L.qualified} WHERE active_disruption_id IS NOT NULL`;
    if (reports.length === 0) return { fresh: [], activeLineIds: (await tx.query<{ line_id: string }>(active)).map((r) => r.line_id) };
    const rows = await tx.query<{ tweet_id: string | null; line_id: string }>(
      `WITH inserted AS (
         INSERT INTO ${R.qualified} (tweet_id, line_id, ts, author, kind, confidence, stations, text)
         SELECT "tweetId", "lineId", ts, author, kind, confidence, "stationIds", text
           FROM json_to_recordset($1::json) AS r ("tweetId" text, "lineId" text, ts bigint, author text, kind text, confidence real, "stationIds" text[], text text)
         ON CONFLICT DO NOTHING
         RETURNING tweet_id, line_id)
       SELECT tweet_id, line_id FROM inserted UNION ALL ${active}`,
      [JSON.stringify(reports)],
    );
    const fresh = new Set<string>();
    const activeLineIds: string[] = [];
    for (const r of rows) {
      if (r.tweet_id === null) activeLineIds.push(r.line_id);
      else fresh.add(`${r.tweet_id}\u0000${r.line_id}`);
    }
    return { fresh: reports.filter((r) => fresh.delete(`${r.tweetId}\u0000${r.lineId}`)), activeLineIds };
  }

  async pruneReports(tx: Tx, olderThan: number): Promise<void> {
    await tx.query(`DELETE FROM ${R.qualified} WHERE ts < $1`, [olderThan]);
  }

  /**
   * Detector states of some lines, with when each last received a report (wall
   * clock), locked until the transaction ends; a state whose version matches
   * `cached` (the caller holds it already) is left out: only its version travels.
   * A state read is stored without its window: `detector` rebuilds it from the
   * line's reports (one more statement, only when some state was read).
   */
  async loadStates(
    tx: Tx,
    lineIds: readonly string[],
    cached: ReadonlyMap<string, number>,
    detector: LineBurstDetector,
  ): Promise<Map<string, LoadedState<StoredLineState>>> {
    const rows = await loadVersionedStates<StoredBurstState, { last_report_wall_ms: string }>(tx, L, 'line_id', lineIds, cached, ['last_report_wall_ms']);
    const states = await this.withWindows(tx, [...rows.values()].flatMap((r) => (r.state === null ? [] : [r.state])), detector);
    return new Map(
      [...rows].map(([id, r]) => [id, { version: r.version, state: r.state === null ? null : { state: states.get(id)!, lastReportWallMs: Number(r.row.last_report_wall_ms) } }]),
    );
  }

  /**
   * Stored states with their windows: a state stored with its window (written
   * before windows were left out) keeps it; the others' windows are rebuilt from the
   * delay reports after each one's window start, in one statement.
   */
  private async withWindows(q: Queryable, stored: readonly StoredBurstState[], detector: LineBurstDetector): Promise<Map<string, LineBurstState>> {
    const out = new Map<string, LineBurstState>();
    const rebuild = stored.filter((s) => !s.recent && s.clockAt !== undefined);
    const reports = new Map<string, RecentReport[]>(rebuild.map((s) => [s.lineId, []]));
    if (rebuild.length > 0) {
      const rows = await q.query<{ line_id: string; tweet_id: string; author: string; ts: string; kind: RecentReport['kind']; confidence: number; stations: string[]; text: string }>(
        `SELECT r.line_id, r.tweet_id, r.author, r.ts, r.kind, r.confidence, r.stations, r.text
           FROM unnest($1::text[], $2::bigint[]) AS w (line_id, after)
           JOIN ${R.qualified} r ON r.line_id = w.line_id AND r.ts > w.after`,
        [rebuild.map((s) => s.lineId), rebuild.map((s) => detector.windowStart(s))],
      );
      for (const r of rows) {
        reports.get(r.line_id)!.push({ id: r.tweet_id, author: r.author, ts: Number(r.ts), kind: r.kind, confidence: r.confidence, stations: r.stations, text: r.text });
      }
    }
    for (const s of stored) out.set(s.lineId, { ...s, recent: s.recent ?? detector.restoreWindow(s, reports.get(s.lineId) ?? []) });
    return out;
  }

  /**
   * Writes the states in one statement from one JSON document (encoded once: a
   * text[] of JSON strings had the driver escape every character of every state);
   * each state is stored as its own JSON text, without its window (`recent`): the
   * window's reports are rows of delay_reports, written once, when they came, and
   * rewriting them with every state was most of a batch's bytes. Returns each
   * line's new version (a fresh number of the sequence).
   */
  async saveStates(tx: Tx, states: readonly StoredLineState[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map();
    const rows = await tx.query<{ line_id: string; version: string }>(
      `INSERT INTO ${L.qualified} (line_id, state, active_disruption_id, last_report_wall_ms, updated_at)
       SELECT e.line_id, e.state, e.active, e.wall, now()
         FROM json_to_recordset($1::json) AS e (line_id text, state json, active text, wall bigint)
       ON CONFLICT (line_id) DO UPDATE SET state = EXCLUDED.state, active_disruption_id = EXCLUDED.active_disruption_id,
         last_report_wall_ms = EXCLUDED.last_report_wall_ms, version = nextval('${L.schema}.line_state_versions'), updated_at = now()
       RETURNING line_id, version`,
      [JSON.stringify(states.map((s) => ({ line_id: s.state.lineId, state: { ...s.state, recent: undefined }, active: s.state.active?.disruptionId ?? null, wall: s.lastReportWallMs })))],
    );
    return new Map(rows.map((r) => [r.line_id, Number(r.version)]));
  }

  /** Lines with an active disruption whose last delay report was received (wall clock) at or before `wallCutoffMs`. */
  async quietActiveLineIds(tx: Tx, wallCutoffMs: number): Promise<string[]> {
    const rows = await tx.query<{ line_id: string }>(
      `SELECT line_id FROM ${L.qualified} WHERE active_disruption_id IS NOT NULL AND last_report_wall_ms <= $1 ORDER BY line_id`,
      [wallCutoffMs],
    );
    return rows.map((r) => r.line_id);
  }

  async logDisruptions(tx: Tx, events: readonly TransitDisruptionV1[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO ${D.qualified} (disruption_id, status, line_id, payload, emitted_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[])
       ON CONFLICT DO NOTHING`,
      [events.map((e) => e.disruptionId), events.map((e) => e.status), events.map((e) => e.lineId), events.map((e) => JSON.stringify(e)), events.map((e) => e.emittedAt)],
    );
  }

  async listDisruptions(filter: { status?: 'started' | 'ended'; page: number; pageSize: number }): Promise<{ items: DisruptionLogRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR status = $1)`;
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${D.select()} FROM ${D.qualified} ${where} ORDER BY emitted_at DESC, disruption_id, status LIMIT $2 OFFSET $3`, [
        filter.status ?? null,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${D.qualified} ${where}`, [filter.status ?? null]),
    ]);
    return { total: count[0]!.n, items: rows.map(D.parse) };
  }

  /** Every stored line, its state with its window. */
  async listLineStates(detector: LineBurstDetector): Promise<Array<Omit<LineStateRow, 'state'> & { state: LineBurstState }>> {
    const rows = (await this.db.query(`SELECT ${L.select()} FROM ${L.qualified} ORDER BY line_id`)).map(L.parse);
    const states = await this.withWindows(this.db, rows.map((r) => r.state), detector);
    return rows.map((r) => ({ ...r, state: states.get(r.lineId)! }));
  }
}
