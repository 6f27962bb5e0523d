/* eslint-disable max-lines -- the durable single-process bus is one protocol (append with batching and backpressure, per-group offsets, delivery loop, trimming, lag) whose parts share one pool and one set of invariants; split, each part would have to re-explain the others. */
import { EventEmitter } from 'node:events';
import { Pool, type PoolClient } from 'pg';
import { deadLetterTopicOf } from '@tsunagu/contracts';
import { backoffDelay, sleep } from '../errors/backoff';
import { isRetriable } from '../errors/tsunagu.error';
import { createLogger, type Logger } from '../logging/logger';
import { inParallel, type BusHealth, type IncomingMessage, type MessageBus, type OutgoingMessage, type SubscribeOptions, type Subscription } from './message-bus';
import { partitionOf } from './partitioner';

export interface PostgresBusOptions {
  readonly url: string;
  /** the bus's own schema in that database */
  readonly schema?: string;
  readonly partitions?: number;
  /** records per fetch and per publish transaction */
  readonly maxBatch?: number;
  /** ms a record may wait for others to share its write transaction */
  readonly lingerMs?: number;
  /** ms a consumer sleeps when it found nothing and no publish woke it */
  readonly pollMs?: number;
  /** ms a record is kept once every group reading its topic has consumed it (topics nobody reads: since it was written) */
  readonly retentionMs?: number;
  readonly logger?: Logger;
}

interface Pending {
  readonly topic: string;
  readonly message: OutgoingMessage;
  readonly resolve: () => void;
  readonly reject: (err: Error) => void;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * The bus of the single-process mode, durable: a log per topic partition in
 * PostgreSQL (the embedded one `npm start` already runs), with consumer-group
 * offsets beside it. `publish` resolves once the records are committed, so a
 * PUBACK in this mode means "on disk"; offsets continue across restarts, and a
 * group resumes exactly where it stopped. Same semantics as the Kafka bus:
 * partitions by key (FNV-1a), per-partition order, at-least-once.
 */
export class PostgresBus implements MessageBus {
  readonly kind = 'postgres' as const;
  private readonly pool: Pool;
  private readonly s: string;
  private readonly partitions: number;
  private readonly partitionNumbers: number[];
  private readonly logger: Logger;
  private readonly wake = new EventEmitter();
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private trimTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly loops = new Set<Promise<void>>();
  private readonly ensured = new Set<string>();
  private slowestLag = 0;
  private lastError: string | null = null;

  private constructor(private readonly opts: PostgresBusOptions) {
    this.s = opts.schema ?? 'bus';
    if (!SCHEMA_NAME.test(this.s)) throw new RangeError(`invalid schema name ${this.s}`);
    this.partitions = opts.partitions ?? 3;
    this.partitionNumbers = Array.from({ length: this.partitions }, (_, p) => p);
    this.logger = opts.logger ?? createLogger('bus');
    this.pool = new Pool({ connectionString: opts.url, max: 8, connectionTimeoutMillis: 5000 });
    this.pool.on('error', (err) => this.logger.warn('bus connection lost', { error: err.message }));
    this.wake.setMaxListeners(0);
  }

  /** Opens the bus, creating its tables on first use. */
  static async open(opts: PostgresBusOptions): Promise<PostgresBus> {
    const bus = new PostgresBus(opts);
    await bus.migrate();
    bus.trimTimer = setInterval(() => void bus.trim().catch((err: Error) => bus.logger.warn('bus trim failed', { error: err.message })), 60_000);
    bus.trimTimer.unref();
    return bus;
  }

  private async migrate(): Promise<void> {
    const s = this.s;
    await this.pool.query(`CREATE SCHEMA IF NOT EXISTS ${s}`);
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${s}.partitions (
        topic text NOT NULL, partition integer NOT NULL, next_offset bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (topic, partition))`);
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${s}.records (
        topic text NOT NULL, partition integer NOT NULL, "offset" bigint NOT NULL,
        key text, value bytea NOT NULL, headers jsonb NOT NULL, ts timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic, partition, "offset"))`);
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS ${s}.group_offsets (
        group_id text NOT NULL, topic text NOT NULL, partition integer NOT NULL, next_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, topic, partition))`);
  }

  /** Records handed to publish() and not yet committed, plus what the slowest group has yet to read (backpressure). */
  get pendingRecords(): number {
    return this.queue.length + this.slowestLag;
  }

  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('bus is closed'));
    if (messages.length === 0) return Promise.resolve();
    const promises = messages.map((message) => new Promise<void>((resolve, reject) => this.queue.push({ topic, message, resolve, reject })));
    this.schedule();
    return Promise.all(promises).then(() => undefined);
  }

  private schedule(): void {
    if (this.flushing) return;
    if (this.queue.length >= (this.opts.maxBatch ?? 1000) || (this.opts.lingerMs ?? 2) === 0) {
      this.flushing = this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.flushing ??= this.flush();
    }, this.opts.lingerMs ?? 2);
  }

  /** Writes queued records, one transaction per batch, retrying while the database is away (callers wait). */
  private async flush(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.opts.maxBatch ?? 1000);
        for (let attempt = 0; ; attempt++) {
          try {
            await this.write(batch);
            batch.forEach((p) => p.resolve());
            this.lastError = null;
            break;
          } catch (err) {
            if (!isRetriable(err) || this.closed) {
              batch.forEach((p) => p.reject(err as Error));
              break;
            }
            if (attempt === 0) this.logger.warn('bus write failed, retrying', { error: (err as Error).message, records: batch.length });
            this.lastError = (err as Error).message;
            await sleep(backoffDelay(attempt, 100, 2000));
          }
        }
      }
    } finally {
      this.flushing = null;
      if (this.queue.length > 0) this.schedule();
    }
    this.wake.emit('published');
  }

  private async write(batch: readonly Pending[]): Promise<void> {
    const byPartition = new Map<string, { topic: string; partition: number; items: Pending[] }>();
    for (const p of batch) {
      const partition = partitionOf(p.message.key, this.partitions);
      const k = `${p.topic}#${partition}`;
      if (!byPartition.has(k)) byPartition.set(k, { topic: p.topic, partition, items: [] });
      byPartition.get(k)!.items.push(p);
    }
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // partitions in a fixed order: two writers never wait on each other crosswise
      for (const { topic, partition, items } of [...byPartition.values()].sort((a, b) => (a.topic === b.topic ? a.partition - b.partition : a.topic < b.topic ? -1 : 1))) {
        await client.query(`INSERT INTO ${this.s}.partitions (topic, partition) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [topic, partition]);
        const next = await client.query<{ first: string }>(
          `UPDATE ${this.s}.partitions SET next_offset = next_offset + $3 WHERE topic = $1 AND partition = $2 RETURNING next_offset - $3 AS first`,
          [topic, partition, items.length],
        );
        const first = BigInt(next.rows[0]!.first);
        await client.query(
          `INSERT INTO ${this.s}.records (topic, partition, "offset", key, value, headers)
           SELECT $1, $2, o, k, v, h FROM unnest($3::bigint[], $4::text[], $5::bytea[], $6::jsonb[]) AS x(o, k, v, h)`,
          [
            topic,
            partition,
            items.map((_, i) => String(first + BigInt(i))),
            items.map((p) => p.message.key),
            items.map((p) => (typeof p.message.value === 'string' ? Buffer.from(p.message.value) : p.message.value)),
            items.map((p) => JSON.stringify(p.message.headers ?? {})),
          ],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async ensureTopics(topics: readonly string[]): Promise<void> {
    // one row per (topic, partition), in the writers' order (see write()): two services
    // starting at once never wait on each other crosswise
    const wanted = [...new Set(topics.flatMap((t) => [t, deadLetterTopicOf(t)]))].filter((t) => !this.ensured.has(t)).sort();
    if (wanted.length === 0) return;
    const rows = wanted.flatMap((t) => Array.from({ length: this.partitions }, (_, p) => [t, p] as const));
    for (let attempt = 0; ; attempt++) {
      try {
        await this.pool.query(`INSERT INTO ${this.s}.partitions (topic, partition) SELECT t, p FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS x(t, p, n) ORDER BY n ON CONFLICT DO NOTHING`, [
          rows.map((r) => r[0]),
          rows.map((r) => r[1]),
        ]);
        break;
      } catch (err) {
        if (!isRetriable(err) || attempt >= 5 || this.closed) throw err;
        await sleep(backoffDelay(attempt, 50, 1000));
      }
    }
    wanted.forEach((t) => this.ensured.add(t));
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    await this.ensureTopics(options.topics);
    // a new group starts at the beginning (or at the end, if asked); a known group where it stopped
    await this.pool.query(
      `INSERT INTO ${this.s}.group_offsets (group_id, topic, partition, next_offset)
       SELECT $1, p.topic, p.partition, CASE WHEN $3 THEN 0 ELSE p.next_offset END FROM ${this.s}.partitions p WHERE p.topic = ANY($2::text[])
       ON CONFLICT DO NOTHING`,
      [options.groupId, options.topics, options.fromBeginning ?? true],
    );
    let running = true;
    const log = this.logger.child(`consumer.${options.groupId}`);
    const loop = (async () => {
      while (running && !this.closed) {
        let delivered = false;
        for (const topic of options.topics) {
          await inParallel(this.partitionNumbers, options.partitionsConcurrently ?? 1, async (partition) => {
            if (running) delivered = (await this.deliver(options, topic, partition, log, () => running && !this.closed)) || delivered;
          });
        }
        if (!delivered && running && !this.closed) {
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, this.opts.pollMs ?? 500);
            function done(): void {
              clearTimeout(timer);
              resolve();
            }
            this.wake.once('published', done);
          });
        }
      }
    })();
    this.loops.add(loop);
    return {
      stop: async () => {
        running = false;
        this.wake.emit('published');
        await loop;
        this.loops.delete(loop);
      },
    };
  }

  /** One fetch and hand-over for a partition; the group's offset moves only after the handler resolved. */
  private async deliver(options: SubscribeOptions, topic: string, partition: number, log: Logger, running: () => boolean): Promise<boolean> {
    let messages: IncomingMessage[];
    try {
      messages = await this.fetch(options.groupId, topic, partition);
    } catch (err) {
      if (!running()) return false;
      log.warn('bus read failed', { error: (err as Error).message });
      await sleep(1000);
      return false;
    }
    if (messages.length === 0) return false;
    for (let attempt = 0; running(); attempt++) {
      try {
        await options.handleBatch({ topic, partition, messages });
        await this.commit(options.groupId, topic, partition, BigInt(messages[messages.length - 1]!.offset) + 1n);
        return true;
      } catch (err) {
        // the consumer runner handles bad records itself; what reaches here is transient (or a bug): retry, never skip
        if (attempt === 0 && !isRetriable(err)) log.error('handler failed; retrying the batch (records are never skipped)', { error: err as Error, topic, partition });
        await sleep(backoffDelay(attempt, 100, 5000));
      }
    }
    return false;
  }

  private async fetch(groupId: string, topic: string, partition: number): Promise<IncomingMessage[]> {
    const rows = await this.pool.query<{ offset: string; key: string | null; value: Buffer; headers: Record<string, string>; ts: Date }>(
      `SELECT r."offset", r.key, r.value, r.headers, r.ts FROM ${this.s}.records r
         JOIN ${this.s}.group_offsets g ON g.group_id = $1 AND g.topic = r.topic AND g.partition = r.partition
        WHERE r.topic = $2 AND r.partition = $3 AND r."offset" >= g.next_offset
        ORDER BY r."offset" LIMIT $4`,
      [groupId, topic, partition, this.opts.maxBatch ?? 1000],
    );
    return rows.rows.map((r) => ({ topic, partition, offset: r.offset, key: r.key, value: r.value, headers: r.headers, timestamp: r.ts.getTime() }));
  }

  private async commit(groupId: string, topic: string, partition: number, next: bigint): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.pool.query(`UPDATE ${this.s}.group_offsets SET next_offset = $4, updated_at = now() WHERE group_id = $1 AND topic = $2 AND partition = $3`, [
          groupId,
          topic,
          partition,
          String(next),
        ]);
        return;
      } catch (err) {
        // the handler's effect is committed (and idempotent): keep trying to record the offset
        if (!isRetriable(err) || this.closed) throw err;
        await sleep(backoffDelay(attempt, 100, 2000));
      }
    }
  }

  /** Drops records every group has consumed, once older than the retention; refreshes the backlog figure. */
  async trim(): Promise<void> {
    const retention = `${Math.round((this.opts.retentionMs ?? 24 * 3600_000) / 1000)} seconds`;
    await this.pool.query(
      `DELETE FROM ${this.s}.records r
        WHERE r.ts < now() - $1::interval
          AND r."offset" < COALESCE((SELECT min(g.next_offset) FROM ${this.s}.group_offsets g WHERE g.topic = r.topic AND g.partition = r.partition), r."offset" + 1)`,
      [retention],
    );
    await this.refreshLag();
  }

  private async refreshLag(): Promise<void> {
    const rows = await this.pool.query<{ lag: string | null }>(
      `SELECT max(p.next_offset - g.next_offset)::text AS lag FROM ${this.s}.group_offsets g JOIN ${this.s}.partitions p USING (topic, partition)`,
    );
    this.slowestLag = Number(rows.rows[0]?.lag ?? 0);
  }

  async lag(groupId: string, topics: readonly string[]): Promise<number> {
    const rows = await this.pool.query<{ lag: string | null }>(
      `SELECT sum(p.next_offset - g.next_offset)::text AS lag FROM ${this.s}.group_offsets g JOIN ${this.s}.partitions p USING (topic, partition)
        WHERE g.group_id = $1 AND g.topic = ANY($2::text[])`,
      [groupId, topics],
    );
    return Number(rows.rows[0]?.lag ?? 0);
  }

  async health(): Promise<BusHealth> {
    try {
      await this.pool.query('SELECT 1');
      await this.refreshLag();
      return { ok: true, detail: `postgres bus (durable, single process): ${this.queue.length} records being written, slowest group ${this.slowestLag} behind` };
    } catch (err) {
      return { ok: false, detail: `postgres bus unavailable: ${(err as Error).message}${this.lastError ? ` (last write error: ${this.lastError})` : ''}` };
    }
  }

  /** Writes what is queued, stops the consumers, closes the pool. */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.flushing ??= this.queue.length > 0 ? this.flush() : null;
    await this.flushing;
    this.closed = true;
    if (this.trimTimer) clearInterval(this.trimTimer);
    this.wake.emit('published');
    await Promise.all(this.loops);
    await this.pool.end();
  }

  /** @internal for tests: a client for inspection */
  connect(): Promise<PoolClient> {
    return this.pool.connect();
  }
}
