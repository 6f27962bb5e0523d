import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { z } from 'zod';
import { HEADERS, TOPICS, priceV1Schema } from '@tsunagu/contracts';
import { PLATFORM_TOKENS, RequireRoles, ZodValidationPipe, type MessageBus } from '@tsunagu/platform';

/** One price tick, or a batch of up to 1000 under `prices` (all-or-nothing: a 400 names the bad item and field). */
const intakeSchema = z.union([priceV1Schema, z.object({ prices: z.array(priceV1Schema).min(1).max(1000) }).strict()]);

/** The price-feed door for paper trading: ticks go to `market.price.updated.v1`, keyed by ticker. */
@Controller('prices')
export class PricesController {
  constructor(@Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus) {}

  @Post()
  @HttpCode(202)
  @RequireRoles('publisher')
  async accept(@Body(new ZodValidationPipe(intakeSchema)) body: z.infer<typeof intakeSchema>): Promise<{ accepted: number }> {
    const prices = 'prices' in body ? body.prices : [body];
    await this.bus.publish(
      TOPICS.prices,
      prices.map((p) => ({ key: p.ticker, value: JSON.stringify(p), headers: { [HEADERS.schema]: TOPICS.prices } })),
    );
    return { accepted: prices.length };
  }
}
