import type { MarketSignalV1 } from '@tsunagu/contracts';
import type { OrderSide, RiskRule } from '@tsunagu/trading';
import { column, defineTable, type Lineage, type RowOf } from '@tsunagu/platform';
import { TRADING, TRADING_SCHEMA } from './trading.constants';

/** The newest tick per ticker from the price feed. */
export const pricesTable = defineTable(TRADING_SCHEMA, 'prices', {
  ticker: column.text(),
  price: column.double(),
  /** the tick's time, epoch ms */
  ts: column.bigint(),
  receivedAt: column.timestamptz(),
});
export type PriceRow = RowOf<typeof pricesTable>;

/** The paper position per ticker: signed quantity, average cost, realised P&L. */
export const positionsTable = defineTable(TRADING_SCHEMA, 'positions', {
  ticker: column.text(),
  qty: column.double(),
  avgCost: column.double(),
  realisedPnl: column.double(),
  /** `emittedAt` of the signal of the last filled order (cool-down), epoch ms */
  lastOrderSignalAt: column.bigint().nullable(),
  updatedAt: column.timestamptz(),
});
export type PositionTableRow = RowOf<typeof positionsTable>;

/** A paper order, filled or refused; the signal id is the client order id (unique: consuming signals is idempotent). */
export const ordersTable = defineTable(TRADING_SCHEMA, 'orders', {
  id: column.uuid(),
  clientOrderId: column.text(),
  mode: column.text<typeof TRADING.mode>(),
  ticker: column.text(),
  side: column.text<OrderSide>(),
  status: column.text<'filled' | 'refused'>(),
  qty: column.double().nullable(),
  fillPrice: column.double().nullable(),
  value: column.double().nullable(),
  realisedPnl: column.double(),
  refusedRule: column.text<RiskRule>().nullable(),
  refusalDetail: column.text().nullable(),
  signal: column.jsonb<MarketSignalV1>(),
  tweetIds: column.textArray(),
  /** epoch ms */
  signalEmittedAt: column.bigint(),
  createdAt: column.timestamptz(),
  /** the signal's Kafka record and the tweet that made it fire (null for orders made before lineage was kept) */
  lineage: column.jsonb<Lineage>().nullable(),
});
export type OrderTableRow = RowOf<typeof ordersTable>;

/** The audit trail: what happened to each order (and to the kill switch), by whom. */
export const auditEventsTable = defineTable(TRADING_SCHEMA, 'audit_events', {
  id: column.bigintString(),
  orderId: column.uuid().nullable(),
  at: column.timestamptz(),
  actor: column.text(),
  event: column.text(),
  detail: column.jsonb<Record<string, unknown>>(),
});
export type AuditEventRow = RowOf<typeof auditEventsTable>;

/** The global kill switch: one row. */
export const killSwitchTable = defineTable(TRADING_SCHEMA, 'kill_switch', {
  id: column.smallint(),
  engaged: column.boolean(),
  reason: column.text().nullable(),
  changedBy: column.text().nullable(),
  changedAt: column.timestamptz(),
});

export const TRADING_TABLES = [pricesTable, positionsTable, ordersTable, auditEventsTable, killSwitchTable] as const;
