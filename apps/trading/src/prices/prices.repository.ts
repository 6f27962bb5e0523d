import { Injectable } from '@nestjs/common';
import type { PriceV1 } from '@tsunagu/contracts';
import { insertRows, newestBy, ServiceDatabase, type Tx } from '@tsunagu/platform';
import { pricesTable as T } from '../trading.tables';

export interface LatestPrice {
  readonly ticker: string;
  readonly price: number;
  /** the tick's time, epoch ms */
  readonly ts: number;
}

/** The latest price per ticker, from the price feed. */
@Injectable()
export class PricesRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /**
   * Keeps the newest tick per ticker in one statement per batch; an older tick
   * (redelivered, or out of order across partitions) never overwrites a newer one.
   */
  async upsertLatest(tx: Tx, ticks: readonly PriceV1[]): Promise<void> {
    const newest = newestBy(ticks, (t) => t.ticker, (t) => t.ts).map(({ ticker, price, ts }) => ({ ticker, price, ts }));
    await insertRows(tx, T, newest, {
      defaults: ['receivedAt'],
      onConflict: `ON CONFLICT (ticker) DO UPDATE SET price = excluded.price, ts = excluded.ts, received_at = now() WHERE ${T.qualified}.ts <= excluded.ts`,
    });
  }

  async latest(tx: Tx, ticker: string): Promise<LatestPrice | null> {
    const rows = await tx.query(`SELECT ${T.select()} FROM ${T.qualified} WHERE ticker = $1`, [ticker]);
    return rows[0] ? viewOf(rows[0]) : null;
  }

  async page(page: { page: number; pageSize: number }): Promise<{ items: LatestPrice[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${T.select()} FROM ${T.qualified} ORDER BY ticker LIMIT $1 OFFSET $2`, [page.pageSize, (page.page - 1) * page.pageSize]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${T.qualified}`),
    ]);
    return { items: rows.map(viewOf), total: count[0]!.n };
  }
}

function viewOf(row: Record<string, unknown>): LatestPrice {
  const { ticker, price, ts } = T.parse(row);
  return { ticker, price, ts };
}
