import { Body, Controller } from '@nestjs/common';
import { TOPICS, type PriceV1 } from '@tsunagu/contracts';
import { Publisher } from '@tsunagu/platform';
import { intakeBody, IntakeDoor } from '../broker/intake-door';

/** The price-feed door for paper trading: ticks go to `market.price.updated.v1`, keyed by ticker. */
@Controller('prices')
export class PricesController {
  constructor(private readonly publisher: Publisher) {}

  /** One price tick, or a batch of up to 1000 under `prices` (all-or-nothing: a 400 names the bad item and field). */
  @IntakeDoor()
  async accept(@Body(intakeBody('prices')) prices: PriceV1[]): Promise<{ accepted: number }> {
    await this.publisher.publish(
      TOPICS.prices,
      prices.map((value) => ({ value, cause: { topic: 'http:POST /prices' } })),
    );
    return { accepted: prices.length };
  }
}
