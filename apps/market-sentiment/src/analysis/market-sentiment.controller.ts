import { BadRequestException, Body, Controller, Get, HttpCode, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { tickerSchema } from '@tsunagu/contracts';
import { RequireRoles, ZodValidationPipe } from '@tsunagu/platform';
import { MarketSentimentService } from './market-sentiment.service';
import { SentimentStateRepository } from './sentiment-state.repository';

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

export const signalsQuerySchema = z.object({ ticker: tickerSchema.optional(), ...pageFields });
export const tickersQuerySchema = z.object(pageFields);
export const analyseSchema = z.object({ text: z.string().min(1).max(2000) });

function pageOf(q: { page: number; pageSize?: number; limit?: number }): { page: number; pageSize: number } {
  return { page: q.page, pageSize: q.pageSize ?? q.limit ?? DEFAULT_PAGE_SIZE };
}

/** REST for traders and operators: per-ticker windows, emitted signals, one tweet's analysis with its evidence. */
@Controller('market-sentiment')
export class MarketSentimentController {
  constructor(
    private readonly service: MarketSentimentService,
    private readonly repository: SentimentStateRepository,
  ) {}

  /** Tickers seen, the most recently updated first. */
  @Get('tickers')
  @RequireRoles('trading', 'operator')
  async tickers(@Query(new ZodValidationPipe(tickersQuerySchema)) query: z.infer<typeof tickersQuerySchema>) {
    const page = pageOf(query);
    return { ...(await this.service.tickers(page)), ...page };
  }

  @Get('tickers/:ticker')
  @RequireRoles('trading', 'operator')
  async ticker(@Param('ticker') raw: string) {
    const ticker = raw.replace(/^\$/, '').toUpperCase();
    if (!tickerSchema.safeParse(ticker).success) {
      throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: `ticker: "${raw}" is not a ticker (1–10 of A–Z, 0–9, ".", starting with a letter)`, fields: [{ field: 'ticker', problem: 'not a ticker' }] });
    }
    const view = await this.service.tickerView(ticker);
    if (!view) throw new NotFoundException(`no tweets seen about ${ticker}`);
    return view;
  }

  /** Signals emitted, newest first (each leaves through the outbox once its transaction commits). */
  @Get('signals')
  @RequireRoles('trading', 'operator')
  async signals(@Query(new ZodValidationPipe(signalsQuerySchema)) query: z.infer<typeof signalsQuerySchema>) {
    const page = pageOf(query);
    return { ...(await this.repository.signals({ ticker: query.ticker, ...page })), ...page };
  }

  @Get('tweets/:id')
  @RequireRoles('trading', 'operator')
  async tweet(@Param('id') id: string) {
    const tweet = await this.service.tweet(id);
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
