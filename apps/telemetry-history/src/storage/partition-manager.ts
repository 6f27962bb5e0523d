import { Inject, Injectable } from '@nestjs/common';
import { createLogger, PLATFORM_TOKENS, ServiceDatabase, type Clock } from '@tsunagu/platform';
import { DAY_MS, parsePartitionName, partitionsAhead, partitionsFor, partitionsToDrop, type PartitionRange } from '@tsunagu/telemetry-history';
import type { TelemetryHistoryOptions } from '../telemetry-history.config';
import { TELEMETRY_HISTORY_SCHEMA, TELEMETRY_HISTORY_TOKENS } from '../telemetry-history.constants';
import { PARTITIONED } from '../telemetry-history.tables';

type Partitioned = (typeof PARTITIONED)[number];

/** One advisory lock for all partition DDL of the schema: instances never race to make or drop the same partition. */
const DDL_LOCK = `hashtext('${TELEMETRY_HISTORY_SCHEMA}.partitions')`;

/**
 * Makes and drops the time partitions. Which partitions exist is cached (loaded
 * from the catalogue once), so the write path asks the database only when a batch
 * holds a day (or month) it has not seen. DDL runs in its own short transaction
 * under an advisory lock, outside the consumer's transaction, so a batch never
 * holds a lock on a parent table while it waits for one.
 */
@Injectable()
export class PartitionManager {
  private readonly logger = createLogger('telemetry-history.partitions');
  private known: Map<string, Set<string>> | null = null;

  constructor(
    private readonly db: ServiceDatabase,
    @Inject(TELEMETRY_HISTORY_TOKENS.options) private readonly options: TelemetryHistoryOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /** Ensures the partitions that rows at these times need, in every partitioned table. */
  async ensureFor(times: readonly number[]): Promise<void> {
    const known = await this.load();
    // one time per UTC day is enough to name every day and month partition
    const days = new Map<number, number>();
    for (const t of times) days.set(Math.floor(t / DAY_MS), t);
    const missing = PARTITIONED.flatMap((p) => partitionsFor(p.table.name, p.unit, days.values()).filter((r) => !known.get(p.table.name)!.has(r.name)).map((r) => [p, r] as const));
    if (missing.length > 0) await this.create(missing);
  }

  /** The partitions ahead of now (the job runs this so real-time readings never wait for DDL). */
  async ensureAhead(): Promise<number> {
    const known = await this.load();
    const now = this.clock.now();
    const missing = PARTITIONED.flatMap((p) => partitionsAhead(p.table.name, p.unit, now, this.options.partitionsAheadDays).filter((r) => !known.get(p.table.name)!.has(r.name)).map((r) => [p, r] as const));
    if (missing.length > 0) await this.create(missing);
    return missing.length;
  }

  /** Drops every partition wholly older than its table's retention; returns the names dropped. */
  async dropExpired(): Promise<string[]> {
    const existing = await this.reload();
    const now = this.clock.now();
    const dropped: string[] = [];
    for (const p of PARTITIONED) {
      const ranges = [...existing.get(p.table.name)!].map((n) => parsePartitionName(p.table.name, n)).filter((r): r is PartitionRange => r !== null);
      const expired = partitionsToDrop(ranges, now, this.options.retentionDays[p.retention]);
      if (expired.length === 0) continue;
      await this.db.transaction(async (tx) => {
        await tx.query(`SELECT pg_advisory_xact_lock(${DDL_LOCK})`);
        for (const r of expired) await tx.query(`DROP TABLE IF EXISTS ${TELEMETRY_HISTORY_SCHEMA}.${r.name}`);
      });
      for (const r of expired) existing.get(p.table.name)!.delete(r.name);
      dropped.push(...expired.map((r) => r.name));
    }
    if (dropped.length > 0) this.logger.info('expired partitions dropped', { partitions: dropped });
    return dropped;
  }

  /** Forgets what it knew (a partition went missing): the next write reads the catalogue again. */
  forget(): void {
    this.known = null;
  }

  /** The names of a table's partitions (from the catalogue). */
  async partitionsOf(table: string): Promise<string[]> {
    return [...(await this.reload()).get(table)!].sort();
  }

  private async create(missing: ReadonlyArray<readonly [Partitioned, PartitionRange]>): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${DDL_LOCK})`);
      for (const [p, r] of missing) {
        await tx.query(
          `CREATE TABLE IF NOT EXISTS ${TELEMETRY_HISTORY_SCHEMA}.${r.name} PARTITION OF ${p.table.qualified}
             FOR VALUES FROM ('${new Date(r.from).toISOString()}') TO ('${new Date(r.to).toISOString()}')${p.fillfactor < 100 ? ` WITH (fillfactor = ${p.fillfactor})` : ''}`,
        );
      }
    });
    for (const [p, r] of missing) this.known!.get(p.table.name)!.add(r.name);
    this.logger.info('partitions made', { partitions: missing.map(([, r]) => r.name) });
  }

  private async load(): Promise<Map<string, Set<string>>> {
    return this.known ?? this.reload();
  }

  private async reload(): Promise<Map<string, Set<string>>> {
    const rows = await this.db.query<{ parent: string; child: string }>(
      `SELECT p.relname AS parent, c.relname AS child
         FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = p.relnamespace
        WHERE n.nspname = $1 AND p.relkind = 'p' AND c.relkind = 'r'`,
      [TELEMETRY_HISTORY_SCHEMA],
    );
    const known = new Map(PARTITIONED.map((p) => [p.table.name, new Set<string>()]));
    for (const r of rows) known.get(r.parent)?.add(r.child);
    this.known = known;
    return known;
  }
}
