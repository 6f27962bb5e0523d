import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { PriceV1 } from '@tsunagu/contracts';
import { TRADING_TOKENS } from '../trading.constants';

/** The latest price per ticker, from the price feed. */
@Injectable()
export class PricesRepository {
  constructor(@Inject(TRADING_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  /**
   * Keeps the newest tick per ticker in one statement per batch; an older tick
   * (redelivered, or out of order across partitions) never overwrites a newer one.
   */
  async upsertLatest(ticks: readonly PriceV1[]): Promise<void> {
    const latest = new Map<string, PriceV1>();
    for (const t of ticks) if ((latest.get(t.ticker)?.ts ?? -1) <= t.ts) latest.set(t.ticker, t);
    if (latest.size === 0) return;
    const rows = [...latest.values()];
    await this.dataSource.query(
      `INSERT INTO trading.prices (ticker, price, ts)
       SELECT * FROM unnest($1::text[], $2::float8[], $3::bigint[])
       ON CONFLICT (ticker) DO UPDATE SET price = excluded.price, ts = excluded.ts, received_at = now()
       WHERE trading.prices.ts <= excluded.ts`,
      [rows.map((r) => r.ticker), rows.map((r) => r.price), rows.map((r) => r.ts)],
    );
  }

  async latest(ticker: string, em = this.dataSource.manager): Promise<{ price: number; ts: number } | null> {
    const [row] = (await em.query(`SELECT price, ts::float8 AS ts FROM trading.prices WHERE ticker = $1`, [ticker])) as Array<{ price: number; ts: number }>;
    return row ?? null;
  }

  async page(page: { page: number; pageSize: number }): Promise<{ items: Array<{ ticker: string; price: number; ts: number }>; total: number }> {
    const [items, count] = await Promise.all([
      this.dataSource.query(`SELECT ticker, price, ts::float8 AS ts FROM trading.prices ORDER BY ticker LIMIT $1 OFFSET $2`, [
        page.pageSize,
        (page.page - 1) * page.pageSize,
      ]) as Promise<Array<{ ticker: string; price: number; ts: number }>>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM trading.prices`) as Promise<Array<{ n: number }>>,
    ]);
    return { items, total: count[0]!.n };
  }
}
