import { Inject, Injectable } from '@nestjs/common';
import type { MarketSignalV1 } from '@tsunagu/contracts';
import { applyFill, checkPreTradeRisk, unrealisedPnl, type RiskLimits } from '@tsunagu/trading';
import { createLogger, lineageOf, PLATFORM_TOKENS, ServiceDatabase, type Cause, type Clock, type Delivery, type Lineage, type Tx } from '@tsunagu/platform';
import { PricesRepository } from '../prices/prices.repository';
import { PAPER_LABEL, TRADING, TRADING_OPTIONS } from '../trading.constants';
import { TRADING_ERROR, TradingException } from '../trading.exception';
import type { AuditEventRow, OrderTableRow } from '../trading.tables';
import { OrdersRepository, type KillSwitchRow, type OrderFilter, type PageRequest } from './orders.repository';

export interface SignalOutcome {
  filled: number;
  refused: number;
  duplicates: number;
}

/** An order as the API shows it: the signal id beside the client order id (they are the same), without the stored signal and lineage. */
export type OrderRow = Omit<OrderTableRow, 'signal' | 'lineage'> & { readonly signalId: string };

/** Why a paper order exists, back to the tweets: its signal's Kafka record, the tweet that made it fire, the window's tweets. */
export interface OrderLineage {
  readonly order: Pick<OrderTableRow, 'id' | 'clientOrderId' | 'ticker' | 'side' | 'status' | 'createdAt'>;
  readonly signal: {
    readonly signalId: string;
    readonly emittedAt: number;
    readonly window: MarketSignalV1['window'];
    readonly model: string;
    /** the signal's Kafka record */
    readonly record: Cause | null;
    /** the tweet whose arrival made market sentiment emit it */
    readonly source: Cause | null;
    /** the tweets of its window it carries (the newest, at most 500) */
    readonly tweetIds: readonly string[];
  };
}

function orderView({ signal: _signal, lineage: _lineage, ...order }: OrderTableRow): OrderRow {
  return { ...order, signalId: order.clientOrderId };
}

/**
 * Paper trading: every market signal becomes an order that is either filled
 * against the latest price of the feed or refused by a named pre-trade rule.
 * The signal id is the client order id, unique in the database, so a signal
 * consumed twice (redelivery after a crash) never makes a second order. Each
 * order keeps the lineage of its signal (the Kafka record and the tweet behind it).
 */
@Injectable()
export class TradingService {
  private readonly logger = createLogger('trading.orders');

  constructor(
    private readonly orders: OrdersRepository,
    private readonly prices: PricesRepository,
    private readonly db: ServiceDatabase,
    @Inject(TRADING_OPTIONS) private readonly limits: RiskLimits,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /**
   * The signals of one partition batch, in order, inside the consumer's
   * transaction. The kill switch is read under a share lock: a flip waits for
   * the batches in flight, and every later batch sees it.
   */
  async processSignals(tx: Tx, deliveries: ReadonlyArray<Pick<Delivery<MarketSignalV1>, 'value' | 'message'>>): Promise<SignalOutcome> {
    const outcome: SignalOutcome = { filled: 0, refused: 0, duplicates: 0 };
    const killSwitch = await this.orders.killSwitch(tx, 'share');
    const seen = await this.orders.existingOrders(tx, deliveries.map((d) => d.value.signalId));
    for (const delivery of deliveries) {
      const signal = delivery.value;
      if (seen.has(signal.signalId)) {
        outcome.duplicates++;
        continue;
      }
      seen.add(signal.signalId);
      const filled = await this.processOne(tx, signal, lineageOf(delivery), killSwitch.engaged);
      if (filled) outcome.filled++;
      else outcome.refused++;
    }
    return outcome;
  }

  private async processOne(tx: Tx, signal: MarketSignalV1, lineage: Lineage, killSwitchEngaged: boolean): Promise<boolean> {
    const position = await this.orders.lockPosition(tx, signal.ticker);
    const price = await this.prices.latest(tx, signal.ticker);
    const dayPnl = await this.orders.dayPnl(tx, startOfUtcDay(this.clock.now()));
    const decision = checkPreTradeRisk({
      signal,
      limits: this.limits,
      killSwitchEngaged,
      price: price?.price ?? null,
      priceTs: price?.ts ?? null,
      position,
      lastOrderAt: position.lastOrderSignalAt,
      dayPnl,
    });
    const received = {
      actor: TRADING.systemActor,
      event: 'signal-received',
      detail: { signalId: signal.signalId, direction: signal.direction, strength: signal.strength, confidence: signal.confidence, window: signal.window, tweetIds: signal.tweetIds, model: signal.model },
    };
    if (!decision.accepted) {
      const orderId = await this.orders.insertOrder(tx, {
        signal,
        lineage,
        status: 'refused',
        qty: null,
        fillPrice: null,
        value: null,
        realisedPnl: 0,
        refusedRule: decision.rule,
        refusalDetail: decision.detail,
      });
      await this.orders.insertAudit(tx, [
        { orderId, ...received },
        { orderId, actor: TRADING.systemActor, event: 'risk-refused', detail: { rule: decision.rule, detail: decision.detail, price: price?.price ?? null, priceTs: price?.ts ?? null, positionQty: position.qty, dayPnl } },
      ]);
      this.logger.info('signal refused', { signalId: signal.signalId, rule: decision.rule });
      return false;
    }
    const fill = applyFill(position, decision.side, decision.qty, decision.price);
    await this.orders.savePosition(tx, signal.ticker, fill.position, signal.emittedAt);
    const orderId = await this.orders.insertOrder(tx, {
      signal,
      lineage,
      status: 'filled',
      qty: decision.qty,
      fillPrice: decision.price,
      value: decision.value,
      realisedPnl: fill.realised,
      refusedRule: null,
      refusalDetail: null,
    });
    await this.orders.insertAudit(tx, [
      { orderId, ...received },
      { orderId, actor: TRADING.systemActor, event: 'risk-passed', detail: { limits: this.limits, price: decision.price, positionQtyBefore: position.qty, dayPnl } },
      {
        orderId,
        actor: TRADING.systemActor,
        event: 'order-filled',
        detail: { mode: TRADING.mode, side: decision.side, qty: decision.qty, price: decision.price, priceTs: price?.ts ?? null, value: decision.value, positionQtyAfter: fill.position.qty, realisedPnl: fill.realised },
      },
    ]);
    this.logger.info('paper order filled', { signalId: signal.signalId, side: decision.side, qty: decision.qty, price: decision.price });
    return true;
  }

  async listOrders(filter: OrderFilter & PageRequest): Promise<{ items: OrderRow[]; total: number; page: number; pageSize: number } & typeof PAPER_LABEL> {
    const { items, total } = await this.orders.listOrders(filter);
    return { ...PAPER_LABEL, items: items.map(orderView), total, page: filter.page, pageSize: filter.pageSize };
  }

  async getOrder(id: string): Promise<OrderRow & { signal: MarketSignalV1 } & typeof PAPER_LABEL> {
    const order = await this.findOrder(id);
    return { ...PAPER_LABEL, ...orderView(order), signal: order.signal };
  }

  /**
   * The chain back to the raw input: the order's signal as a Kafka record, the
   * tweet whose arrival made market sentiment emit it (the signal's lineage
   * headers) and the window's tweet ids the signal carries.
   */
  async lineage(id: string): Promise<typeof PAPER_LABEL & OrderLineage> {
    const o = await this.findOrder(id);
    return {
      ...PAPER_LABEL,
      order: { id: o.id, clientOrderId: o.clientOrderId, ticker: o.ticker, side: o.side, status: o.status, createdAt: o.createdAt },
      signal: {
        signalId: o.signal.signalId,
        emittedAt: o.signal.emittedAt,
        window: o.signal.window,
        model: o.signal.model,
        record: o.lineage?.record ?? null,
        source: o.lineage?.source ?? null,
        tweetIds: o.tweetIds,
      },
    };
  }

  private async findOrder(id: string): Promise<OrderTableRow> {
    const order = await this.orders.findOrder(id);
    if (!order) throw new TradingException(TRADING_ERROR.orderNotFound, `no order ${id}`);
    return order;
  }

  /** From tweet to order: the tweets, the signal, the risk decision, the fill. */
  async auditTrail(id: string): Promise<
    typeof PAPER_LABEL & { orderId: string; clientOrderId: string; signalId: string; tweetIds: string[]; signal: MarketSignalV1; order: OrderRow; events: AuditEventRow[] }
  > {
    const { signal, ...order } = await this.getOrder(id);
    return {
      ...PAPER_LABEL,
      orderId: order.id,
      clientOrderId: order.clientOrderId,
      signalId: signal.signalId,
      tweetIds: order.tweetIds,
      signal,
      order,
      events: await this.orders.auditOf(order.id),
    };
  }

  async positions(page: PageRequest): Promise<typeof PAPER_LABEL & { items: Array<Record<string, unknown>>; total: number; page: number; pageSize: number }> {
    const { items, total } = await this.orders.positionsPage(page);
    return {
      ...PAPER_LABEL,
      items: items.map((p) => ({
        ticker: p.ticker,
        qty: p.qty,
        avgCost: p.avgCost,
        lastPrice: p.lastPrice,
        lastPriceTs: p.lastPriceTs,
        marketValue: p.lastPrice === null ? null : round(p.qty * p.lastPrice),
        unrealisedPnl: unrealisedPnl(p, p.lastPrice),
        realisedPnl: p.realisedPnl,
      })),
      total,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  async pnl(): Promise<typeof PAPER_LABEL & { realised: number; unrealised: number; total: number; today: { realised: number; since: string }; byTicker: Array<Record<string, unknown>> }> {
    const rows = await this.orders.positions();
    const since = startOfUtcDay(this.clock.now());
    const byTicker = rows.map((p) => ({ ticker: p.ticker, realised: p.realisedPnl, unrealised: unrealisedPnl(p, p.lastPrice) }));
    const realised = round(byTicker.reduce((s, r) => s + r.realised, 0));
    const unrealised = round(byTicker.reduce((s, r) => s + r.unrealised, 0));
    return {
      ...PAPER_LABEL,
      realised,
      unrealised,
      total: round(realised + unrealised),
      today: { realised: round(await this.orders.realisedSince(since)), since: since.toISOString() },
      byTicker,
    };
  }

  async killSwitch(): Promise<typeof PAPER_LABEL & KillSwitchRow> {
    return { ...PAPER_LABEL, ...(await this.orders.killSwitch()) };
  }

  async setKillSwitch(engaged: boolean, reason: string, by: string): Promise<typeof PAPER_LABEL & KillSwitchRow> {
    const row = await this.db.transaction(async (tx) => {
      // locked: two admins flipping it at once are serialised, the second gets the 409
      const current = await this.orders.killSwitch(tx, 'update');
      if (current.engaged === engaged) {
        throw new TradingException(TRADING_ERROR.invalidTransition, `the kill switch is already ${engaged ? 'engaged' : 'released'}`, {
          current: { engaged: current.engaged, reason: current.reason, changedBy: current.changedBy, changedAt: current.changedAt },
          allowed: [{ engaged: !current.engaged }],
        });
      }
      const updated = await this.orders.setKillSwitch(tx, engaged, reason, by);
      await this.orders.insertAudit(tx, [{ orderId: null, actor: by, event: engaged ? 'kill-switch-engaged' : 'kill-switch-released', detail: { reason } }]);
      return updated;
    });
    this.logger.warn(engaged ? 'kill switch engaged' : 'kill switch released', { by, reason });
    return { ...PAPER_LABEL, ...row };
  }
}

function startOfUtcDay(now: number): Date {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}
