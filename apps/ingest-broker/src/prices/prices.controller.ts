import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { TOPICS } from '@tsunagu/contracts';
import { Publisher, RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { IntakeSchemas } from '../broker/intake-schemas';

/** The price-feed door for paper trading: ticks go to `market.price.updated.v1`, keyed by ticker. */
@Controller('prices')
export class PricesController {
  private readonly validate: ZodValidationPipe<IntakeSchemas['prices']>;

  constructor(
    private readonly publisher: Publisher,
    schemas: IntakeSchemas,
  ) {
    this.validate = new ZodValidationPipe(schemas.prices);
  }

  /** One price tick, or a batch of up to 1000 under `prices` (all-or-nothing: a 400 names the bad item and field). */
  @Post()
  @HttpCode(202)
  @RequireRoles('publisher')
  async accept(@Body() body: unknown): Promise<{ accepted: number }> {
    const prices = this.validate.transform(body);
    await this.publisher.publish(
      TOPICS.prices,
      prices.map((value) => ({ value, cause: { topic: 'http:POST /prices' } })),
    );
    return { accepted: prices.length };
  }
}
