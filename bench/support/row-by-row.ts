import { performance } from 'node:perf_hooks';
import type { ServiceDatabase } from '@tsunagu/platform';

/**
 * The baseline of a record service's figure, what most code writes first: each
 * record stored with its own INSERT (its row only: no claim, no case or work
 * order), one transaction per batch, into a scratch copy of `table` (columns,
 * defaults, constraints and indexes; no foreign keys). Rows per second.
 */
export async function rowByRowInserts(db: ServiceDatabase, table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>, batch: number): Promise<number> {
  const scratch = `${table}_bench_row_by_row`;
  await db.query(`CREATE TABLE ${scratch} (LIKE ${table} INCLUDING DEFAULTS INCLUDING CONSTRAINTS INCLUDING INDEXES)`);
  const sql = `INSERT INTO ${scratch} (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) ON CONFLICT DO NOTHING`;
  try {
    const started = performance.now();
    for (let i = 0; i < rows.length; i += batch) {
      await db.transaction(async (tx) => {
        for (const row of rows.slice(i, i + batch)) await tx.query(sql, row);
      });
    }
    return rows.length / ((performance.now() - started) / 1000);
  } finally {
    await db.query(`DROP TABLE ${scratch}`);
  }
}
