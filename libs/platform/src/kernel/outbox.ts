import type { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay, sleep } from '../errors/backoff';
import type { Logger } from '../logging/logger';
import type { MessageBus, OutgoingMessage } from '../messaging/message-bus';
import type { Metrics } from '../metrics/metrics';
import { kernelTables } from './kernel.tables';
import type { StagedRecord } from './tx';

export interface OutboxOptions {
  /** false: this instance writes to the outbox but leaves relaying to others (or to its next start) */
  readonly enabled: boolean;
  /** ms between polls for records nobody kicked (left by a crash, or by another instance's commit) */
  readonly pollMs: number;
  /** records per relay transaction */
  readonly batchSize: number;
}

/** Writes staged records into the outbox, inside the caller's transaction: one statement. */
export async function writeOutbox(runner: QueryRunner, schema: string, records: readonly StagedRecord[]): Promise<void> {
  if (records.length === 0) return;
  await runner.query(
    `INSERT INTO ${kernelTables(schema).outbox.qualified} (topic, key, value, headers)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[])`,
    [records.map((r) => r.topic), records.map((r) => r.message.key), records.map((r) => String(r.message.value)), records.map((r) => JSON.stringify(r.message.headers ?? {}))],
  );
}

interface OutboxRow {
  readonly id: string;
  readonly topic: string;
  readonly key: string | null;
  readonly value: string;
  readonly headers: Record<string, string>;
}

/**
 * Relays a service's outbox to the bus after commit: at least once, in outbox
 * order (so in order per key), the same bytes on a retry. One instance relays at
 * a time (a transaction-scoped advisory lock on the outbox), so several instances
 * never reorder a key's records. A relay transaction publishes a batch and deletes
 * it; a crash in between publishes it again, which consumers recognise (their
 * offsets, or the ids in the values).
 */
export class OutboxRelay {
  private readonly table: string;
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<void> | null = null;
  private again = false;
  private stopped = true;
  private failures = 0;
  private readonly relayed;

  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly bus: MessageBus,
    private readonly options: OutboxOptions,
    private readonly logger: Logger,
    metrics?: Metrics,
  ) {
    this.table = kernelTables(schema).outbox.qualified;
    this.relayed = metrics?.counter('outbox_relayed_total', 'records relayed from a service outbox to the bus', ['schema']);
  }

  start(): void {
    if (!this.options.enabled || !this.stopped) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.options.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Relays soon (after a commit that wrote to the outbox); calls coalesce. */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.loop().finally(() => {
      this.draining = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Relays everything now (tests, shutdown); resolves when the outbox was empty once. */
  async drain(): Promise<void> {
    await this.draining;
    for (;;) {
      const sent = await this.relayOnce();
      if (sent === 0) return;
      if (sent < 0) await sleep(50);
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let sent: number;
      try {
        sent = await this.relayOnce();
        if (this.failures > 0) this.logger.info('outbox relay recovered', { schema: this.schema, afterFailures: this.failures });
        this.failures = 0;
      } catch (err) {
        if (this.failures++ === 0) this.logger.error('outbox relay failed; records stay in the outbox and are retried', { schema: this.schema, error: err as Error });
        await sleep(backoffDelay(this.failures, 200, 5000));
        continue;
      }
      // another instance holds the relay lock: it relays; look again shortly in case it finished before our commit
      if (sent < 0) {
        await sleep(100);
        continue;
      }
      if (sent < this.options.batchSize) return;
    }
  }

  /** One relay transaction: records sent, 0 when empty, -1 when another instance holds the lock. */
  private async relayOnce(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    try {
      await runner.connect();
      await runner.startTransaction();
      const lock = (await runner.query(`SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked`, [this.table])) as Array<{ locked: boolean }>;
      if (!lock[0]?.locked) {
        await runner.commitTransaction();
        return -1;
      }
      const rows = (await runner.query(`SELECT id, topic, key, value, headers FROM ${this.table} ORDER BY id LIMIT $1`, [this.options.batchSize])) as OutboxRow[];
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const byTopic = new Map<string, OutgoingMessage[]>();
      for (const r of rows) {
        if (!byTopic.has(r.topic)) byTopic.set(r.topic, []);
        byTopic.get(r.topic)!.push({ key: r.key, value: r.value, headers: r.headers });
      }
      // one batch per topic; the producer puts them in one request and keeps their order
      await Promise.all([...byTopic].map(([topic, messages]) => this.bus.publish(topic, messages)));
      await runner.query(`DELETE FROM ${this.table} WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      await runner.commitTransaction();
      this.relayed?.inc({ schema: this.schema }, rows.length);
      return rows.length;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await runner.release();
    }
  }

  /** Records waiting and the age of the oldest, for /health. */
  async backlog(): Promise<{ records: number; oldestAgeMs: number }> {
    const rows = (await this.dataSource.query(
      `SELECT count(*)::int AS n, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)) * 1000, 0)::float8 AS age FROM ${this.table}`,
    )) as Array<{ n: number; age: number }>;
    return { records: rows[0]!.n, oldestAgeMs: rows[0]!.age };
  }

  /** Stops polling; with `finalDrainMs`, relays what is left for at most that long. */
  async stop(finalDrainMs = 0): Promise<void> {
    const wasRunning = !this.stopped;
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.draining;
    if (wasRunning && finalDrainMs > 0) {
      const timeout = new AbortController();
      await Promise.race([this.drain().catch(() => undefined), sleep(finalDrainMs, timeout.signal)]);
      timeout.abort(); // no timer left behind once the drain won
    }
  }
}
