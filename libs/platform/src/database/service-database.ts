import type { DataSource } from 'typeorm';
import { classifyDatabaseError } from '../errors/tsunagu.error';
import type { ProbeResult } from '../health/health-registry';
import type { Publisher } from '../messaging/publisher';
import type { OutboxRelay } from '../kernel/outbox';
import { writeOutbox } from '../kernel/outbox';
import { Tx, type Row } from '../kernel/tx';

/**
 * A service's handle on its own schema: plain queries, transactions with an
 * outbox (`Tx`), the health probe. One per service module; the kernel opens it
 * (running the migrations) and closes it after the HTTP server and the consumers
 * have stopped.
 */
export class ServiceDatabase {
  constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
    readonly publisher: Publisher,
    readonly outbox: OutboxRelay,
    /** told after every commit (the process's ChangeFeed: the console's live updates) */
    private readonly onCommit?: () => void,
  ) {}

  /** Rows of one statement outside a transaction. */
  async query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(sql, params as unknown[], true);
      return (result.records ?? []) as R[];
    } catch (err) {
      throw classifyDatabaseError(err);
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs `work` in one transaction. Records it publishes go into the outbox in the
   * same transaction and are relayed once it has committed. Errors come back
   * classified (connection losses, deadlocks and serialization failures retriable).
   */
  async transaction<R>(work: (tx: Tx) => Promise<R>): Promise<R> {
    const runner = this.dataSource.createQueryRunner();
    let staged = 0;
    let afterCommit: Array<() => void> = [];
    try {
      await runner.connect();
      await runner.startTransaction();
      const tx = new Tx(runner, this.publisher);
      const result = await work(tx);
      const records = tx.takeStaged();
      staged = records.length;
      await writeOutbox(runner, this.schema, records);
      await runner.commitTransaction();
      afterCommit = tx.takeAfterCommit();
      if (this.onCommit) afterCommit.push(this.onCommit);
      return result;
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      staged = 0;
      throw classifyDatabaseError(err);
    } finally {
      await runner.release();
      if (staged > 0) this.outbox.kick();
      for (const fn of afterCommit) fn();
    }
  }

  async ping(): Promise<ProbeResult> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${this.schema}` };
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
