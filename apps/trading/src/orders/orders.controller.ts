import { Controller, Get, Param, Query } from '@nestjs/common';
import { z } from 'zod';
import { tickerSchema } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { PricesRepository } from '../prices/prices.repository';
import { PAPER_LABEL } from '../trading.constants';
import { TradingService } from './trading.service';

/**
 * `page` counts from 1; `limit` is the older name of `pageSize` (still accepted).
 * Every list answers `{ items, page, pageSize, total }`.
 */
const pageFields = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
};
const DEFAULT_PAGE_SIZE = 100;

export const ordersQuerySchema = z.object({
  ticker: tickerSchema.optional(),
  status: z.enum(['filled', 'refused']).optional(),
  ...pageFields,
});
export const pageQuerySchema = z.object(pageFields);

function pageOf(q: { page: number; pageSize?: number; limit?: number }): { page: number; pageSize: number } {
  return { page: q.page, pageSize: q.pageSize ?? q.limit ?? DEFAULT_PAGE_SIZE };
}

/** REST for traders: orders (filled and refused), one order's audit trail, positions, P&L, prices. Paper trading only. */
@Controller('trading')
export class OrdersController {
  constructor(
    private readonly trading: TradingService,
    private readonly prices: PricesRepository,
  ) {}

  /** Orders, newest first. */
  @Get('orders')
  @RequireRoles('trading')
  list(@Query(new ZodValidationPipe(ordersQuerySchema)) query: z.infer<typeof ordersQuerySchema>) {
    return this.trading.listOrders({ ticker: query.ticker, status: query.status, ...pageOf(query) });
  }

  /** by order id or client order id (= signal id) */
  @Get('orders/:id')
  @RequireRoles('trading')
  get(@Param('id') id: string) {
    return this.trading.getOrder(id);
  }

  @Get('orders/:id/audit')
  @RequireRoles('trading')
  audit(@Param('id') id: string) {
    return this.trading.auditTrail(id);
  }

  /** The chain back to the raw input: the signal's Kafka record, the tweet that made it fire, the window's tweet ids. */
  @Get('orders/:id/lineage')
  @RequireRoles('trading')
  lineage(@Param('id') id: string) {
    return this.trading.lineage(id);
  }

  @Get('positions')
  @RequireRoles('trading')
  positions(@Query(new ZodValidationPipe(pageQuerySchema)) query: z.infer<typeof pageQuerySchema>) {
    return this.trading.positions(pageOf(query));
  }

  @Get('pnl')
  @RequireRoles('trading')
  pnl() {
    return this.trading.pnl();
  }

  @Get('prices')
  @RequireRoles('trading')
  async latestPrices(@Query(new ZodValidationPipe(pageQuerySchema)) query: z.infer<typeof pageQuerySchema>) {
    const page = pageOf(query);
    return { ...PAPER_LABEL, ...(await this.prices.page(page)), ...page };
  }
}
