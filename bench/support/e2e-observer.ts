/**
 * What the end-to-end bench watches while the fleet publishes:
 *   - each reading that must raise a finding (its finding id and publish time, from the
 *     load generator) until the maintenance record system has stored that finding
 *     (maintenance.work_order_findings: the finding opening a work order or joining the
 *     open one), polled by finding id every `pollMs`: publish → SoR record latency as
 *     the bench saw it committed, and as the record's own received_at says;
 *   - how far each consumer of the machine telemetry topic is behind: readings on the
 *     topic (Kafka's end offsets) minus the offsets operation analysis and telemetry
 *     history committed with their state in PostgreSQL.
 */
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { Client } from 'pg';
import { TOPICS } from '@tsunagu/contracts';
import { LatencyRecorder } from '../../simulators/src/load/latency-recorder';

export interface LatencyFigures {
  readonly samples: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number;
}

const figures = (r: LatencyRecorder): LatencyFigures => ({ samples: r.count, p50: round1(r.percentile(50)), p99: round1(r.percentile(99)), max: round1(r.max) ?? 0 });
const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** The consumers of the telemetry topic whose progress is the reading's path (schema of their offsets). */
const CONSUMERS = { analysis: 'operation_analysis', history: 'telemetry_history' } as const;

export interface Lag {
  /** readings on the telemetry topic */
  readonly produced: number;
  /** readings behind, per consumer (null before it committed anything) */
  readonly analysis: number | null;
  readonly history: number | null;
}

export class E2eObserver {
  private readonly pending = new Map<string, number>();
  private observed = new LatencyRecorder();
  private stored = new LatencyRecorder();
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  triggered = 0;
  recorded = 0;

  private constructor(
    private readonly db: Client,
    private readonly admin: Admin,
    private readonly topic: string,
    private readonly pollMs: number,
  ) {}

  static async open(opts: { databaseUrl: string; kafkaBrokers: readonly string[]; topicPrefix: string; pollMs: number }): Promise<E2eObserver> {
    const db = new Client({ connectionString: opts.databaseUrl });
    // the database going away fails the polls (the step then reports its findings unrecorded), not the bench
    db.on('error', (err) => process.stderr.write(`[bench:e2e] observer's database connection: ${err.message}\n`));
    await db.connect();
    const admin = new Kafka({ clientId: 'bench-e2e', brokers: [...opts.kafkaBrokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    return new E2eObserver(db, admin, `${opts.topicPrefix}${TOPICS.machineTelemetry}`, opts.pollMs);
  }

  /** A reading that must raise `findingId` was published at `at` (epoch ms). */
  expect(findingId: string, at: number): void {
    this.triggered++;
    this.pending.set(findingId, at);
  }

  get waiting(): number {
    return this.pending.size;
  }

  start(): void {
    this.timer = setInterval(() => void this.poll(), this.pollMs);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    if (this.pending.size === 0) return;
    this.polling = true;
    try {
      await this.pollOnce();
    } catch {
      // counted as a poll that found nothing; the next one tries again
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(): Promise<void> {
    const { rows } = await this.db.query<{ finding_id: string; received_ms: number }>(
      `SELECT finding_id, extract(epoch FROM received_at) * 1000 AS received_ms FROM maintenance.work_order_findings WHERE finding_id = ANY($1)`,
      [[...this.pending.keys()]],
    );
    const now = Date.now();
    for (const r of rows) {
      const at = this.pending.get(r.finding_id);
      if (at === undefined) continue;
      this.pending.delete(r.finding_id);
      this.recorded++;
      this.observed.record(now - at);
      this.stored.record(Number(r.received_ms) - at);
    }
  }


  /** The latencies since the last call (then starts afresh); `observed` includes up to one poll interval. */
  take(): { observed: LatencyFigures; stored: LatencyFigures; stillWaiting: number; pollMs: number } {
    const out = { observed: figures(this.observed), stored: figures(this.stored), stillWaiting: this.pending.size, pollMs: this.pollMs };
    this.observed = new LatencyRecorder();
    this.stored = new LatencyRecorder();
    return out;
  }

  /** Findings still waiting are dropped from the count (after a drain that timed out). */
  forgetWaiting(): number {
    const n = this.pending.size;
    this.pending.clear();
    return n;
  }

  async lag(): Promise<Lag> {
    const produced = await this.admin
      .fetchTopicOffsets(this.topic)
      .then((parts) => parts.reduce((n, p) => n + Number(p.high), 0))
      .catch(() => 0);
    const behind = async (schema: string): Promise<number | null> => {
      // the slowest group of the consumer's schema on this topic (each group stores the last offset it processed, -1 for none)
      const { rows } = await this.db
        .query<{ consumed: string }>(`SELECT sum("offset" + 1) AS consumed FROM ${schema}.kernel_offsets WHERE topic LIKE $1 GROUP BY group_id ORDER BY 1 LIMIT 1`, [`%${TOPICS.machineTelemetry}`])
        .catch(() => ({ rows: [] as Array<{ consumed: string }> }));
      return rows[0] ? Math.max(0, produced - Number(rows[0].consumed)) : null;
    };
    return { produced, analysis: await behind(CONSUMERS.analysis), history: await behind(CONSUMERS.history) };
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.admin.disconnect().catch(() => undefined);
    await this.db.end().catch(() => undefined);
  }
}
