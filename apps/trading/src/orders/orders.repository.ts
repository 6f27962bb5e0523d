import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import type { OrderSide, Position, RiskRule } from '@tsunagu/trading';
import { TRADING_TOKENS } from '../trading.constants';

export interface OrderRow {
  readonly id: string;
  readonly clientOrderId: string;
  readonly mode: 'paper';
  readonly ticker: string;
  readonly side: OrderSide;
  readonly status: 'filled' | 'refused';
  readonly qty: number | null;
  readonly fillPrice: number | null;
  readonly value: number | null;
  readonly realisedPnl: number;
  readonly refusedRule: RiskRule | null;
  readonly refusalDetail: string | null;
  readonly signalId: string;
  readonly tweetIds: string[];
  readonly signalEmittedAt: number;
  readonly createdAt: string;
}

export interface AuditEventRow {
  readonly id: string;
  readonly orderId: string | null;
  readonly at: string;
  readonly actor: string;
  readonly event: string;
  readonly detail: Record<string, unknown>;
}

export interface PositionRow extends Position {
  readonly ticker: string;
  readonly lastOrderSignalAt: number | null;
  readonly lastPrice: number | null;
  readonly lastPriceTs: number | null;
}

export interface KillSwitchRow {
  readonly engaged: boolean;
  readonly reason: string | null;
  readonly changedBy: string | null;
  readonly changedAt: string;
}

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
}

const ORDER_COLUMNS = `id, client_order_id AS "clientOrderId", mode, ticker, side, status, qty, fill_price AS "fillPrice", value,
  realised_pnl AS "realisedPnl", refused_rule AS "refusedRule", refusal_detail AS "refusalDetail", client_order_id AS "signalId",
  tweet_ids AS "tweetIds", signal_emitted_at::float8 AS "signalEmittedAt", created_at AS "createdAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Every read and write of the trading schema (SQL by hand; the schema is the migration's). */
@Injectable()
export class OrdersRepository {
  constructor(@Inject(TRADING_TOKENS.dataSource) readonly dataSource: DataSource) {}

  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async killSwitch(em: EntityManager = this.dataSource.manager, forUpdate = false): Promise<KillSwitchRow> {
    const [row] = (await em.query(
      `SELECT engaged, reason, changed_by AS "changedBy", changed_at AS "changedAt" FROM trading.kill_switch WHERE id = 1${forUpdate ? ' FOR UPDATE' : ''}`,
    )) as KillSwitchRow[];
    return row!;
  }

  async setKillSwitch(em: EntityManager, engaged: boolean, reason: string, by: string): Promise<KillSwitchRow> {
    // TypeORM returns [rows, affected] for an UPDATE
    const [rows] = (await em.query(
      `UPDATE trading.kill_switch SET engaged = $1, reason = $2, changed_by = $3, changed_at = now() WHERE id = 1
       RETURNING engaged, reason, changed_by AS "changedBy", changed_at AS "changedAt"`,
      [engaged, reason, by],
    )) as [KillSwitchRow[], number];
    return rows[0]!;
  }

  async orderExists(em: EntityManager, clientOrderId: string): Promise<boolean> {
    const rows = (await em.query(`SELECT 1 FROM trading.orders WHERE client_order_id = $1`, [clientOrderId])) as unknown[];
    return rows.length > 0;
  }

  /** The ticker's position, locked for this transaction (created flat if new). */
  async lockPosition(em: EntityManager, ticker: string): Promise<PositionRow> {
    await em.query(`INSERT INTO trading.positions (ticker) VALUES ($1) ON CONFLICT (ticker) DO NOTHING`, [ticker]);
    const [row] = (await em.query(`${POSITION_SELECT} WHERE p.ticker = $1 FOR UPDATE OF p`, [ticker])) as PositionRow[];
    return row!;
  }

  async savePosition(em: EntityManager, ticker: string, position: Position, lastOrderSignalAt: number): Promise<void> {
    await em.query(
      `UPDATE trading.positions SET qty = $2, avg_cost = $3, realised_pnl = $4, last_order_signal_at = $5, updated_at = now() WHERE ticker = $1`,
      [ticker, position.qty, position.avgCost, position.realisedPnl, lastOrderSignalAt],
    );
  }

  /** Realised P&L of orders filled since `since`, plus unrealised P&L of every open position. */
  async dayPnl(em: EntityManager, since: Date): Promise<number> {
    const [row] = (await em.query(
      `SELECT
         (SELECT coalesce(sum(realised_pnl), 0) FROM trading.orders WHERE status = 'filled' AND created_at >= $1)
       + (SELECT coalesce(sum(p.qty * (pr.price - p.avg_cost)), 0) FROM trading.positions p JOIN trading.prices pr USING (ticker) WHERE p.qty <> 0)
         AS pnl`,
      [since],
    )) as Array<{ pnl: number }>;
    return Number(row?.pnl ?? 0);
  }

  async insertOrder(em: EntityManager, order: NewOrder): Promise<string> {
    const s = order.signal;
    const [row] = (await em.query(
      `INSERT INTO trading.orders (client_order_id, ticker, side, status, qty, fill_price, value, realised_pnl, refused_rule, refusal_detail, signal, tweet_ids, signal_emitted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id`,
      [s.signalId, s.ticker, s.direction, order.status, order.qty, order.fillPrice, order.value, order.realisedPnl, order.refusedRule, order.refusalDetail, JSON.stringify(s), s.tweetIds, s.emittedAt],
    )) as Array<{ id: string }>;
    return row!.id;
  }

  async insertAudit(em: EntityManager, events: ReadonlyArray<{ orderId: string | null; actor: string; event: string; detail: Record<string, unknown> }>): Promise<void> {
    if (events.length === 0) return;
    const params: unknown[] = [];
    const values = events.map((e, i) => {
      params.push(e.orderId, e.actor, e.event, JSON.stringify(e.detail));
      return `($${i * 4 + 1}::uuid, $${i * 4 + 2}, $${i * 4 + 3}, $${i * 4 + 4}::jsonb)`;
    });
    await em.query(`INSERT INTO trading.audit_events (order_id, actor, event, detail) VALUES ${values.join(', ')}`, params);
  }

  async listOrders(filter: OrderFilter & PageRequest): Promise<{ items: OrderRow[]; total: number }> {
    const where = `WHERE ($1::text IS NULL OR ticker = $1) AND ($2::text IS NULL OR status = $2)`;
    const params = [filter.ticker ?? null, filter.status ?? null];
    const [items, count] = await Promise.all([
      this.dataSource.query(`SELECT ${ORDER_COLUMNS} FROM trading.orders ${where} ORDER BY created_at DESC, id LIMIT $3 OFFSET $4`, [
        ...params,
        filter.pageSize,
        (filter.page - 1) * filter.pageSize,
      ]) as Promise<OrderRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM trading.orders ${where}`, params) as Promise<Array<{ n: number }>>,
    ]);
    return { items, total: count[0]!.n };
  }

  /** By order id (uuid) or client order id (= signal id). */
  async findOrder(idOrClientOrderId: string): Promise<(OrderRow & { signal: MarketSignalV1 }) | null> {
    const column = UUID.test(idOrClientOrderId) ? 'id' : 'client_order_id';
    const [row] = (await this.dataSource.query(`SELECT ${ORDER_COLUMNS}, signal FROM trading.orders WHERE ${column} = $1`, [idOrClientOrderId])) as Array<
      OrderRow & { signal: MarketSignalV1 }
    >;
    return row ?? null;
  }

  async auditOf(orderId: string): Promise<AuditEventRow[]> {
    return (await this.dataSource.query(
      `SELECT id::text, order_id AS "orderId", at, actor, event, detail FROM trading.audit_events WHERE order_id = $1 ORDER BY id`,
      [orderId],
    )) as AuditEventRow[];
  }

  /** Every position (P&L sums over all of them). */
  async positions(): Promise<PositionRow[]> {
    return (await this.dataSource.query(`${POSITION_SELECT} ORDER BY p.ticker`)) as PositionRow[];
  }

  async positionsPage(page: PageRequest): Promise<{ items: PositionRow[]; total: number }> {
    const [items, count] = await Promise.all([
      this.dataSource.query(`${POSITION_SELECT} ORDER BY p.ticker LIMIT $1 OFFSET $2`, [page.pageSize, (page.page - 1) * page.pageSize]) as Promise<PositionRow[]>,
      this.dataSource.query(`SELECT count(*)::int AS n FROM trading.positions`) as Promise<Array<{ n: number }>>,
    ]);
    return { items, total: count[0]!.n };
  }

  async realisedSince(since: Date): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT coalesce(sum(realised_pnl), 0) AS pnl FROM trading.orders WHERE status = 'filled' AND created_at >= $1`,
      [since],
    )) as Array<{ pnl: number }>;
    return Number(row?.pnl ?? 0);
  }
}

const POSITION_SELECT = `SELECT p.ticker, p.qty, p.avg_cost AS "avgCost", p.realised_pnl AS "realisedPnl",
  p.last_order_signal_at::float8 AS "lastOrderSignalAt", pr.price AS "lastPrice", pr.ts::float8 AS "lastPriceTs"
  FROM trading.positions p LEFT JOIN trading.prices pr USING (ticker)`;
