import { createHash } from 'node:crypto';
import { canonicalJson } from '@tsunagu/platform';
import { auditLogTable as A, type AuditLogRow } from '../identity.tables';

/** The hash before the first row. */
export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 of the previous hash and the row's content (every column but the hashes), canonically encoded. */
export function auditHash(prevHash: string, row: Omit<AuditLogRow, 'prevHash' | 'hash'>): string {
  const { seq, at, actor, actorKind, roles, action, path, body, outcome, status, error, ip } = row;
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ seq, at: at.toISOString(), actor, actorKind, roles, action, path, body, outcome, status, error, ip }))
    .digest('hex');
}

export interface ChainBreak {
  readonly seq: string;
  readonly reason: string;
}

/** Walks rows in order; the first row whose link or hash does not hold is the break. */
export function firstBreak(rows: readonly AuditLogRow[], expectedPrev = GENESIS_HASH, expectedSeq = 1n): ChainBreak | null {
  let prev = expectedPrev;
  let seq = expectedSeq;
  for (const row of rows) {
    if (BigInt(row.seq) !== seq) return { seq: row.seq, reason: `expected row ${seq} (a row is missing or was inserted)` };
    if (row.prevHash !== prev) return { seq: row.seq, reason: 'its link to the previous row does not match' };
    if (auditHash(row.prevHash, row) !== row.hash) return { seq: row.seq, reason: 'its content does not match its hash (edited)' };
    prev = row.hash;
    seq += 1n;
  }
  return null;
}

const VERIFY_BATCH = 5000;

export interface ChainReport {
  readonly ok: boolean;
  /** rows that hold before the break (all of them when ok) */
  readonly rows: number;
  readonly firstBroken: ChainBreak | null;
}

/** Walks the whole chain in batches through `query` (the service's database, or a plain pg client in the command). */
export async function verifyChain(query: (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>): Promise<ChainReport> {
  let prev = GENESIS_HASH;
  let next = 1n;
  let rows = 0;
  for (;;) {
    const batch = (await query(`SELECT ${A.select()} FROM ${A.qualified} WHERE seq >= $1 ORDER BY seq LIMIT $2`, [String(next), VERIFY_BATCH])).map((r) => A.parse(r));
    const broken = firstBreak(batch, prev, next);
    if (broken) return { ok: false, rows: rows + batch.findIndex((r) => r.seq === broken.seq), firstBroken: broken };
    if (batch.length === 0) return { ok: true, rows, firstBroken: null };
    rows += batch.length;
    prev = batch[batch.length - 1]!.hash;
    next = BigInt(batch[batch.length - 1]!.seq) + 1n;
  }
}
