import { Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { tickerSchema } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { MarketSentimentService } from './market-sentiment.service';
import { SentimentStateRepository } from './sentiment-state.repository';

export const signalsQuerySchema = z.object({
  ticker: tickerSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const tickersQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100) });
export const analyseSchema = z.object({ text: z.string().min(1).max(2000) });

/** REST for traders and operators: per-ticker windows, emitted signals, one tweet's analysis with its evidence. */
@Controller('market-sentiment')
export class MarketSentimentController {
  constructor(
    private readonly service: MarketSentimentService,
    private readonly repository: SentimentStateRepository,
  ) {}

  @Get('tickers')
  @RequireRoles('trading', 'operator')
  async tickers(@Query(new ZodValidationPipe(tickersQuerySchema)) query: z.infer<typeof tickersQuerySchema>) {
    return { items: await this.service.tickers(query.limit) };
  }

  @Get('tickers/:ticker')
  @RequireRoles('trading', 'operator')
  async ticker(@Param('ticker') ticker: string) {
    const view = await this.service.tickerView(ticker.toUpperCase());
    if (!view) throw new NotFoundException(`no tweets seen about ${ticker}`);
    return view;
  }

  @Get('signals')
  @RequireRoles('trading', 'operator')
  async signals(@Query(new ZodValidationPipe(signalsQuerySchema)) query: z.infer<typeof signalsQuerySchema>) {
    return { items: await this.repository.signals(query) };
  }

  @Get('tweets/:id')
  @RequireRoles('trading', 'operator')
  async tweet(@Param('id') id: string) {
    const tweet = await this.repository.tweet(id);
    if (!tweet) throw new NotFoundException(`tweet ${id} was not analysed (unknown, not English, or about no ticker)`);
    return tweet;
  }

  /** Scores a text without recording it: what the service would make of a tweet. */
  @Post('analyse')
  @HttpCode(200)
  @RequireRoles('trading', 'operator')
  analyse(@Body(new ZodValidationPipe(analyseSchema)) body: z.infer<typeof analyseSchema>) {
    return this.service.analyse(body.text);
  }
}
