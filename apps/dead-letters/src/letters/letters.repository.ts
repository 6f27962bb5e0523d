import { Injectable } from '@nestjs/common';
import { insertRows, ServiceDatabase, type NewRowOf, type Tx } from '@tsunagu/platform';
import type { LetterStatus } from '../dead-letters.constants';
import { lettersTable as L, type LetterRow } from '../dead-letters.tables';

export type NewLetter = NewRowOf<typeof L, 'id' | 'status' | 'receivedAt' | 'resolvedAt' | 'resolvedBy' | 'resolution'>;

/** Dead letters in the office's schema. */
@Injectable()
export class LettersRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Stores letters once each (a redelivered dead-letter record adds nothing); returns how many were new. */
  async insert(tx: Tx, letters: readonly NewLetter[]): Promise<number> {
    const rows = await insertRows(
      tx,
      L,
      letters.map((letter) => ({ ...letter, status: 'pending' as const })),
      { defaults: ['id', 'receivedAt', 'resolvedAt', 'resolvedBy', 'resolution'], onConflict: 'ON CONFLICT (dlq_topic, dlq_partition, dlq_offset) DO NOTHING', returning: 'id' },
    );
    return rows.length;
  }

  async list(q: { status: LetterStatus; originTopic?: string; page: number; pageSize: number }): Promise<{ items: LetterRow[]; total: number }> {
    const where = `status = $1 AND ($2::text IS NULL OR origin_topic = $2)`;
    const params = [q.status, q.originTopic ?? null];
    const [items, [count]] = await Promise.all([
      this.db.query(`SELECT ${L.select()} FROM ${L.qualified} WHERE ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`, [...params, q.pageSize, (q.page - 1) * q.pageSize]),
      this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${L.qualified} WHERE ${where}`, params),
    ]);
    return { items: items.map((r) => L.parse(r)), total: Number(count?.n ?? 0) };
  }

  /** Pending letters per origin topic (the console's overview). */
  async pendingByTopic(): Promise<Array<{ originTopic: string; pending: number }>> {
    const rows = await this.db.query<{ originTopic: string; n: string }>(
      `SELECT origin_topic AS "originTopic", count(*) AS n FROM ${L.qualified} WHERE status = 'pending' GROUP BY origin_topic ORDER BY origin_topic`,
    );
    return rows.map((r) => ({ originTopic: r.originTopic, pending: Number(r.n) }));
  }

  async get(id: string): Promise<LetterRow | null> {
    const [row] = await this.db.query(`SELECT ${L.select()} FROM ${L.qualified} WHERE id = $1`, [id]);
    return row ? L.parse(row) : null;
  }

  async lock(tx: Tx, id: string): Promise<LetterRow | null> {
    const [row] = await tx.query(`SELECT ${L.select()} FROM ${L.qualified} WHERE id = $1 FOR UPDATE`, [id]);
    return row ? L.parse(row) : null;
  }

  async resolve(tx: Tx, id: string, r: { status: Exclude<LetterStatus, 'pending'>; by: string; resolution: string; at: Date }): Promise<LetterRow> {
    const [row] = await tx.query(
      `UPDATE ${L.qualified} SET status = $2, resolved_by = $3, resolution = $4, resolved_at = $5 WHERE id = $1 RETURNING ${L.select()}`,
      [id, r.status, r.by, r.resolution, r.at],
    );
    return L.parse(row!);
  }
}
