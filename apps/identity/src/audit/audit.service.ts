import { Injectable } from '@nestjs/common';
import { ServiceDatabase, type AuditEntry, type AuditSink } from '@tsunagu/platform';
import { auditLogTable as A, type AuditLogRow } from '../identity.tables';
import { auditHash, GENESIS_HASH, verifyChain, type ChainReport } from './audit-chain';

/** Any lock key for the chain's tail: one appender at a time across instances. */
const CHAIN_LOCK = 0x7473_6175; // "tsau"

/** The audit trail's sink and reader: appends link to the tail under an advisory lock. */
@Injectable()
export class AuditService implements AuditSink {
  constructor(private readonly db: ServiceDatabase) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock($1)`, [CHAIN_LOCK]);
      // ordered by the bigint column, not by a text alias ('9' sorts after '10')
      const [tail] = await tx.query<{ tailSeq: string; hash: string }>(`SELECT a.seq::text AS "tailSeq", a.hash FROM ${A.qualified} a ORDER BY a.seq DESC LIMIT 1`);
      const seq = String(BigInt(tail?.tailSeq ?? '0') + 1n);
      const prevHash = tail?.hash ?? GENESIS_HASH;
      const row = { seq, at: entry.at, actor: entry.actor, actorKind: entry.actorKind, roles: [...entry.roles], action: entry.action, path: entry.path, body: entry.body ?? null, outcome: entry.outcome, status: entry.status, error: entry.error, ip: entry.ip };
      await tx.query(
        `INSERT INTO ${A.qualified} (seq, at, actor, actor_kind, roles, action, path, body, outcome, status, error, ip, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [seq, row.at, row.actor, row.actorKind, row.roles, row.action, row.path, JSON.stringify(row.body), row.outcome, row.status, row.error, row.ip, prevHash, auditHash(prevHash, row)],
      );
    });
  }

  async list(q: { actor?: string; path?: string; page: number; pageSize: number }): Promise<{ items: AuditLogRow[]; total: number }> {
    const where = `($1::text IS NULL OR actor = $1) AND ($2::text IS NULL OR path LIKE $2 || '%')`;
    const params = [q.actor ?? null, q.path ?? null];
    const [items, [count]] = await Promise.all([
      this.db.query(`SELECT ${A.select()} FROM ${A.qualified} WHERE ${where} ORDER BY seq DESC LIMIT $3 OFFSET $4`, [...params, q.pageSize, (q.page - 1) * q.pageSize]),
      this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${A.qualified} WHERE ${where}`, params),
    ]);
    return { items: items.map((r) => A.parse(r)), total: Number(count?.n ?? 0) };
  }

  /** Walks the whole chain; names the first broken row. */
  verify(): Promise<ChainReport> {
    return verifyChain((sql, params) => this.db.query(sql, params));
  }
}
