import { Injectable } from '@nestjs/common';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import type { Position, RiskRule } from '@tsunagu/trading';
import { ServiceDatabase, type Lineage, type Tx } from '@tsunagu/platform';
import {
  auditEventsTable as A,
  killSwitchTable as K,
  ordersTable as O,
  positionsTable as P,
  pricesTable,
  type AuditEventRow,
  type OrderTableRow,
  type PositionTableRow,
} from '../trading.tables';

export interface PositionRow extends PositionTableRow {
  readonly lastPrice: number | null;
  readonly lastPriceTs: number | null;
}

export type KillSwitchRow = Omit<ReturnType<typeof K.parse>, 'id'>;

export interface OrderFilter {
  readonly ticker?: string;
  readonly status?: 'filled' | 'refused';
}

/** One page of a list: `page` counts from 1. */
export interface PageRequest {
  readonly page: number;
  readonly pageSize: number;
}

export interface NewOrder {
  readonly signal: MarketSignalV1;
  readonly status: 'filled' | 'refused';
  readonly qty: number | null;
  readonly fillPrice: number | null;
  readonly value: number | null;
  readonly realisedPnl: number;
  readonly refusedRule: RiskRule | null;
  readonly refusalDetail: string | null;
  readonly lineage: Lineage;
}

export interface AuditEventInput {
  readonly orderId: string | null;
  readonly actor: string;
  readonly event: string;
  readonly detail: Record<string, unknown>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A position joined with its ticker's latest price. */
const POSITION_SELECT = `SELECT ${P.select('p')}, pr.price AS "lastPrice", pr.ts AS "lastPriceTs" FROM ${P.qualified} p LEFT JOIN ${pricesTable.qualified} pr USING (ticker)`;
const latestPrice = pricesTable.columns.price.nullable();
const latestTs = pricesTable.columns.ts.nullable();

function positionOf(row: Record<string, unknown>): PositionRow {
  return { ...P.parse(row), lastPrice: latestPrice.parse(row.lastPrice), lastPriceTs: latestTs.parse(row.lastPriceTs) };
}

function killSwitchOf(row: Record<string, unknown>): KillSwitchRow {
  const { id: _id, ...rest } = K.parse(row);
  return rest;
}

/** Orders, positions, the audit trail and the kill switch (plain SQL on the service's own schema). */
@Injectable()
export class OrdersRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** The kill switch; in a transaction, share-locked (signal batches) or locked for a change. */
  async killSwitch(tx?: Tx, lock?: 'share' | 'update'): Promise<KillSwitchRow> {
    const sql = `SELECT ${K.select()} FROM ${K.qualified} WHERE id = 1${lock === 'update' ? ' FOR UPDATE' : lock === 'share' ? ' FOR SHARE' : ''}`;
    const rows = tx ? await tx.query(sql) : await this.db.query(sql);
    return killSwitchOf(rows[0]!);
  }

  async setKillSwitch(tx: Tx, engaged: boolean, reason: string, by: string): Promise<KillSwitchRow> {
    const rows = await tx.query(
      `UPDATE ${K.qualified} SET engaged = $1, reason = $2, changed_by = $3, changed_at = now() WHERE id = 1 RETURNING ${K.select()}`,
      [engaged, reason, by],
    );
    return killSwitchOf(rows[0]!);
  }

  /** The client order ids among these that already have an order. */
  async existingOrders(tx: Tx, clientOrderIds: readonly string[]): Promise<Set<string>> {
    if (clientOrderIds.length === 0) return new Set();
    const rows = await tx.query<{ client_order_id: string }>(`SELECT client_order_id FROM ${O.qualified} WHERE client_order_id = ANY($1::text[])`, [clientOrderIds]);
    return new Set(rows.map((r) => r.client_order_id));
  }

  /** The ticker's position, locked for this transaction (created flat if new). */
  async lockPosition(tx: Tx, ticker: string): Promise<PositionRow> {
    await tx.query(`INSERT INTO ${P.qualified} (ticker) VALUES ($1) ON CONFLICT (ticker) DO NOTHING`, [ticker]);
    const rows = await tx.query(`${POSITION_SELECT} WHERE p.ticker = $1 FOR UPDATE OF p`, [ticker]);
    return positionOf(rows[0]!);
  }

  async savePosition(tx: Tx, ticker: string, position: Position, lastOrderSignalAt: number): Promise<void> {
    await tx.query(`UPDATE ${P.qualified} SET qty = $2, avg_cost = $3, realised_pnl = $4, last_order_signal_at = $5, updated_at = now() WHERE ticker = $1`, [
      ticker,
      position.qty,
      position.avgCost,
      position.realisedPnl,
      lastOrderSignalAt,
    ]);
  }

  /** Realised P&L of orders filled since `since`, plus unrealised P&L of every open position. */
  async dayPnl(tx: Tx, since: Date): Promise<number> {
    const rows = await tx.query<{ pnl: number }>(
      `SELECT
         (SELECT coalesce(sum(realised_pnl), 0) FROM ${O.qualified} WHERE status = 'filled' AND created_at >= $1)
       + (SELECT coalesce(sum(p.qty * (pr.price - p.avg_cost)), 0) FROM ${P.qualified} p JOIN ${pricesTable.qualified} pr USING (ticker) WHERE p.qty <> 0)
         AS pnl`,
      [since],
    );
    return Number(rows[0]?.pnl ?? 0);
  }

  async insertOrder(tx: Tx, order: NewOrder): Promise<string> {
    const s = order.signal;
    const rows = await tx.query<{ id: string }>(
      `INSERT INTO ${O.qualified} (client_order_id, ticker, side, status, qty, fill_price, value, realised_pnl, refused_rule, refusal_detail, signal, tweet_ids, signal_emitted_at, lineage)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
      [
        s.signalId,
        s.ticker,
        s.direction,
        order.status,
        order.qty,
        order.fillPrice,
        order.value,
        order.realisedPnl,
        order.refusedRule,
        order.refusalDetail,
        JSON.stringify(s),
        s.tweetIds,
        s.emittedAt,
        JSON.stringify(order.lineage),
      ],
    );
    return rows[0]!.id;
  }

  async insertAudit(tx: Tx, events: readonly AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    await tx.query(
      `INSERT INTO ${A.qualified} (order_id, actor, event, detail)
       SELECT (e->>'orderId')::uuid, e->>'actor', e->>'event', e->'detail' FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS x(e, n) ORDER BY n`,
      [JSON.stringify(events)],
    );
  }

  async listOrders(filter: OrderFilter & PageRequest): Promise<{ items: OrderTableRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR ticker = $1) AND ($2::text IS NULL OR status = $2)`;
    const params = [filter.ticker ?? null, filter.status ?? null];
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${O.select()} FROM ${O.qualified} ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [...params, filter.pageSize, (filter.page - 1) * filter.pageSize]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${O.qualified} ${where}`, params),
    ]);
    return { items: rows.map(O.parse), total: count[0]!.n };
  }

  /** By order id (uuid) or client order id (= signal id). */
  async findOrder(idOrClientOrderId: string): Promise<OrderTableRow | null> {
    const column = UUID.test(idOrClientOrderId) ? 'id' : 'client_order_id';
    const rows = await this.db.query(`SELECT ${O.select()} FROM ${O.qualified} WHERE ${column} = $1`, [idOrClientOrderId]);
    return rows[0] ? O.parse(rows[0]) : null;
  }

  async auditOf(orderId: string): Promise<AuditEventRow[]> {
    const rows = await this.db.query(`SELECT ${A.select()} FROM ${A.qualified} WHERE order_id = $1 ORDER BY id`, [orderId]);
    return rows.map(A.parse);
  }

  /** Every position (P&L sums over all of them). */
  async positions(): Promise<PositionRow[]> {
    return (await this.db.query(`${POSITION_SELECT} ORDER BY p.ticker`)).map(positionOf);
  }

  async positionsPage(page: PageRequest): Promise<{ items: PositionRow[]; total: number }> {
    const [rows, count] = await Promise.all([
      this.db.query(`${POSITION_SELECT} ORDER BY p.ticker LIMIT $1 OFFSET $2`, [page.pageSize, (page.page - 1) * page.pageSize]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${P.qualified}`),
    ]);
    return { items: rows.map(positionOf), total: count[0]!.n };
  }

  async realisedSince(since: Date): Promise<number> {
    const rows = await this.db.query<{ pnl: number }>(`SELECT coalesce(sum(realised_pnl), 0) AS pnl FROM ${O.qualified} WHERE status = 'filled' AND created_at >= $1`, [since]);
    return Number(rows[0]?.pnl ?? 0);
  }
}
