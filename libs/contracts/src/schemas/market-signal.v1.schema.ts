import { z } from 'zod';
import { epochMsSchema } from './common.schema';
import { tickerSchema } from './price.v1.schema';

/** `market.signal.emitted.v1`: market sentiment → paper trading. */
export const marketSignalV1Schema = z.object({
  /** deterministic; also the trading system's client order id */
  signalId: z.string().min(1).max(200),
  ticker: tickerSchema,
  direction: z.enum(['buy', 'sell']),
  /** 0..1 */
  strength: z.number().min(0).max(1),
  /** 0..1 */
  confidence: z.number().min(0).max(1),
  window: z.object({ start: epochMsSchema, end: epochMsSchema }),
  tweetCount: z.number().int().nonnegative(),
  meanSentiment: z.number().min(-1).max(1),
  /** volume z-score against the ticker's own baseline */
  volumeZ: z.number(),
  tweetIds: z.array(z.string()).max(500),
  model: z.string().min(1),
  emittedAt: epochMsSchema,
});
export type MarketSignalV1 = z.infer<typeof marketSignalV1Schema>;
