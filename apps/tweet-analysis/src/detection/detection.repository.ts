import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { TransitDisruptionV1 } from '@tsunagu/contracts';
import type { LineBurstState, LineReport } from '@tsunagu/tweet-analysis';
import { TWEET_ANALYSIS_TOKENS } from '../tweet-analysis.constants';
import type { DisruptionLogEntity } from './disruption-log.entity';
import type { LineStateEntity } from './line-state.entity';

const T = {
  offsets: 'tweet_analysis.partition_offsets',
  clock: 'tweet_analysis.clock',
  reports: 'tweet_analysis.delay_reports',
  lines: 'tweet_analysis.line_states',
  disruptions: 'tweet_analysis.disruptions',
} as const;

type Row = Record<string, unknown>;

/** A line's detector state and the wall-clock time (epoch ms) it last received a delay report. */
export interface StoredLineState {
  readonly state: LineBurstState;
  readonly lastReportWallMs: number;
}

/** Every SQL statement of tweet analysis; the service holds the logic. */
@Injectable()
export class DetectionRepository {
  constructor(@Inject(TWEET_ANALYSIS_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  transaction<R>(fn: (m: EntityManager) => Promise<R>): Promise<R> {
    return this.dataSource.transaction(fn);
  }

  /** The partition's last processed offset (-1 when new), locked until the transaction ends. */
  async lockOffset(m: EntityManager, topic: string, partition: number): Promise<bigint> {
    await m.query(`INSERT INTO ${T.offsets} (topic, partition, last_offset) VALUES ($1, $2, -1) ON CONFLICT DO NOTHING`, [topic, partition]);
    const rows = (await m.query(`SELECT last_offset FROM ${T.offsets} WHERE topic = $1 AND partition = $2 FOR UPDATE`, [topic, partition])) as Row[];
    return BigInt(rows[0]!.last_offset as string);
  }

  async saveOffset(m: EntityManager, topic: string, partition: number, offset: string): Promise<void> {
    await m.query(`UPDATE ${T.offsets} SET last_offset = $3, updated_at = now() WHERE topic = $1 AND partition = $2`, [topic, partition, offset]);
  }

  /**
   * Moves the analysis clock forward to `candidate` (never back) and returns it.
   * The row lock also serialises batches of all partitions: the per-line state
   * is shared by them (tweets are keyed by tweet id, not by line).
   */
  async advanceClock(m: EntityManager, candidate: number): Promise<number> {
    const rows = (await m.query(`UPDATE ${T.clock} SET watermark = GREATEST(watermark, $1) WHERE id = 1 RETURNING watermark`, [candidate])) as [Row[], number];
    return Number(rows[0][0]!.watermark);
  }

  /** Inserts reports; returns those not seen before (dedup by tweet id and line). */
  async insertReports(m: EntityManager, reports: readonly LineReport[]): Promise<LineReport[]> {
    if (reports.length === 0) return [];
    const rows = (await m.query(
      `INSERT INTO ${T.reports} (tweet_id, line_id, ts, author, kind, confidence, stations, text)
       SELECT tweet_id, line_id, ts, author, kind, confidence, ARRAY(SELECT jsonb_array_elements_text(stations)), text
       FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::real[], $7::jsonb[], $8::text[])
         AS u(tweet_id, line_id, ts, author, kind, confidence, stations, text)
       ON CONFLICT DO NOTHING
       RETURNING tweet_id, line_id`,
      [
        reports.map((r) => r.tweetId),
        reports.map((r) => r.lineId),
        reports.map((r) => r.ts),
        reports.map((r) => r.author),
        reports.map((r) => r.kind),
        reports.map((r) => r.confidence),
        reports.map((r) => JSON.stringify(r.stationIds)),
        reports.map((r) => r.text),
      ],
    )) as Row[];
    const fresh = new Set(rows.map((r) => `${r.tweet_id as string}\u0000${r.line_id as string}`));
    return reports.filter((r) => fresh.delete(`${r.tweetId}\u0000${r.lineId}`));
  }

  async pruneReports(m: EntityManager, olderThan: number): Promise<void> {
    await m.query(`DELETE FROM ${T.reports} WHERE ts < $1`, [olderThan]);
  }

  async activeLineIds(m: EntityManager): Promise<string[]> {
    const rows = (await m.query(`SELECT line_id FROM ${T.lines} WHERE active_disruption_id IS NOT NULL`)) as Row[];
    return rows.map((r) => r.line_id as string);
  }

  /** Detector states of some lines, with when each last received a report (wall clock), locked until the transaction ends. */
  async loadStates(m: EntityManager, lineIds: readonly string[]): Promise<Map<string, StoredLineState>> {
    const rows = (await m.query(
      `SELECT line_id, state, last_report_wall_ms FROM ${T.lines} WHERE line_id = ANY($1::text[]) ORDER BY line_id FOR UPDATE`,
      [lineIds],
    )) as Row[];
    return new Map(rows.map((r) => [r.line_id as string, { state: r.state as LineBurstState, lastReportWallMs: Number(r.last_report_wall_ms) }]));
  }

  async saveStates(m: EntityManager, states: readonly StoredLineState[]): Promise<void> {
    if (states.length === 0) return;
    await m.query(
      `INSERT INTO ${T.lines} (line_id, state, active_disruption_id, last_report_wall_ms, updated_at)
       SELECT line_id, state, active, wall, now() FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::bigint[]) AS u(line_id, state, active, wall)
       ON CONFLICT (line_id) DO UPDATE SET state = EXCLUDED.state, active_disruption_id = EXCLUDED.active_disruption_id,
         last_report_wall_ms = EXCLUDED.last_report_wall_ms, updated_at = now()`,
      [
        states.map((s) => s.state.lineId),
        states.map((s) => JSON.stringify(s.state)),
        states.map((s) => s.state.active?.disruptionId ?? null),
        states.map((s) => s.lastReportWallMs),
      ],
    );
  }

  /**
   * Locks the analysis clock row and returns the watermark: batches take the
   * same lock first, so the quiet-timeout sweep and batches never interleave.
   */
  async lockClock(m: EntityManager): Promise<number> {
    const rows = (await m.query(`SELECT watermark FROM ${T.clock} WHERE id = 1 FOR UPDATE`)) as Row[];
    return Number(rows[0]!.watermark);
  }

  /** Lines with an active disruption whose last delay report was received (wall clock) at or before `wallCutoffMs`. */
  async quietActiveLineIds(m: EntityManager, wallCutoffMs: number): Promise<string[]> {
    const rows = (await m.query(
      `SELECT line_id FROM ${T.lines} WHERE active_disruption_id IS NOT NULL AND last_report_wall_ms <= $1 ORDER BY line_id`,
      [wallCutoffMs],
    )) as Row[];
    return rows.map((r) => r.line_id as string);
  }

  async logDisruptions(m: EntityManager, events: readonly TransitDisruptionV1[]): Promise<void> {
    if (events.length === 0) return;
    await m.query(
      `INSERT INTO ${T.disruptions} (disruption_id, status, line_id, payload, emitted_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::bigint[])
       ON CONFLICT DO NOTHING`,
      [events.map((e) => e.disruptionId), events.map((e) => e.status), events.map((e) => e.lineId), events.map((e) => JSON.stringify(e)), events.map((e) => e.emittedAt)],
    );
  }

  async listDisruptions(filter: { status?: 'started' | 'ended'; page: number; pageSize: number }): Promise<{ items: DisruptionLogEntity[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR status = $1)`;
    const [rows, count] = await Promise.all([
      this.dataSource.query(`SELECT * FROM ${T.disruptions} ${where} ORDER BY emitted_at DESC, disruption_id, status LIMIT $2 OFFSET $3`, [
        filter.status ?? null,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]) as Promise<Row[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM ${T.disruptions} ${where}`, [filter.status ?? null]) as Promise<Row[]>,
    ]);
    return {
      total: Number(count[0]!.n),
      items: rows.map((r) => ({
        disruptionId: r.disruption_id as string,
        status: r.status as DisruptionLogEntity['status'],
        lineId: r.line_id as string,
        payload: r.payload as TransitDisruptionV1,
        emittedAt: Number(r.emitted_at),
      })),
    };
  }

  async listLineStates(): Promise<LineStateEntity[]> {
    const rows = (await this.dataSource.query(`SELECT * FROM ${T.lines} ORDER BY line_id`)) as Row[];
    return rows.map((r) => ({
      lineId: r.line_id as string,
      state: r.state as LineBurstState,
      activeDisruptionId: (r.active_disruption_id as string | null) ?? null,
      lastReportWallMs: Number(r.last_report_wall_ms),
      updatedAt: new Date(r.updated_at as string),
    }));
  }

  async reportCount(): Promise<number> {
    const rows = (await this.dataSource.query(`SELECT count(*)::int AS n FROM ${T.reports}`)) as Row[];
    return Number(rows[0]!.n);
  }
}
