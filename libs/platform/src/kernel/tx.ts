import type { EntityManager, QueryRunner } from 'typeorm';
import type { TopicName } from '@tsunagu/contracts';
import type { OutgoingMessage } from '../messaging/message-bus';
import type { Publisher, PublishRecord } from '../messaging/publisher';

export type Row = Record<string, unknown>;

/** A record staged for the outbox: written in the transaction, relayed after commit. */
export interface StagedRecord {
  readonly topic: string;
  readonly message: OutgoingMessage;
}

/**
 * One database transaction of a service. Reads and writes go through `query`;
 * records published with `publish` are written to the service's outbox in the same
 * transaction (just before commit) and relayed to the bus after it commits, so no
 * effect is ever published before it is durable, and a rolled-back transaction
 * publishes nothing.
 */
export class Tx {
  private readonly staged: StagedRecord[] = [];
  private readonly committed: Array<() => void> = [];

  constructor(
    private readonly runner: QueryRunner,
    private readonly publisher: Publisher,
  ) {}

  /** The TypeORM manager of this transaction (for query builders). */
  get manager(): EntityManager {
    return this.runner.manager;
  }

  /** Rows of a statement (also of UPDATE … RETURNING and DELETE … RETURNING). */
  async query<R = Row>(sql: string, params: readonly unknown[] = []): Promise<R[]> {
    const result = await this.runner.query(sql, params as unknown[], true);
    return (result.records ?? []) as R[];
  }

  /** Publishes after commit (validated, keyed and headed by the publisher now, so a bad value fails the transaction). */
  publish<T extends TopicName>(topic: T, records: ReadonlyArray<PublishRecord<T>>): void {
    for (const r of records) this.staged.push({ topic, message: this.publisher.encode(topic, r) });
  }

  /** Stages an already encoded record (dead letters). */
  stage(record: StagedRecord): void {
    this.staged.push(record);
  }

  /** Runs `fn` once the transaction has committed (never after a rollback): caches of committed state. */
  afterCommit(fn: () => void): void {
    this.committed.push(fn);
  }

  /** @internal the kernel calls these after the commit */
  takeAfterCommit(): Array<() => void> {
    return this.committed.splice(0);
  }

  get stagedCount(): number {
    return this.staged.length;
  }

  /** @internal the kernel writes the staged records into the outbox before commit */
  takeStaged(): StagedRecord[] {
    return this.staged.splice(0);
  }
}
