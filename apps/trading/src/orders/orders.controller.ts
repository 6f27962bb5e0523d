import { Controller, Get, Param, Query, UseFilters } from '@nestjs/common';
import { z } from 'zod';
import { tickerSchema } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { PricesRepository } from '../prices/prices.repository';
import { PAPER_LABEL } from '../trading.constants';
import { TradingExceptionFilter } from '../trading-exception.filter';
import { TradingService } from './trading.service';

export const ordersQuerySchema = z.object({
  ticker: tickerSchema.optional(),
  status: z.enum(['filled', 'refused']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** REST for traders: orders (filled and refused), one order's audit trail, positions, P&L, prices. Paper trading only. */
@Controller('trading')
@UseFilters(TradingExceptionFilter)
export class OrdersController {
  constructor(
    private readonly trading: TradingService,
    private readonly prices: PricesRepository,
  ) {}

  @Get('orders')
  @RequireRoles('trading')
  list(@Query(new ZodValidationPipe(ordersQuerySchema)) query: z.infer<typeof ordersQuerySchema>) {
    return this.trading.listOrders(query);
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

  @Get('positions')
  @RequireRoles('trading')
  positions() {
    return this.trading.positions();
  }

  @Get('pnl')
  @RequireRoles('trading')
  pnl() {
    return this.trading.pnl();
  }

  @Get('prices')
  @RequireRoles('trading')
  async latestPrices() {
    return { ...PAPER_LABEL, items: await this.prices.all() };
  }
}
