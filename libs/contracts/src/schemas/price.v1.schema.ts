import { z } from 'zod';
import { epochMsSchema } from './common.schema';

export const tickerSchema = z.string().regex(/^[A-Z][A-Z0-9.]{0,9}$/);

/** A price tick on `market.price.updated.v1` (paper trading only). */
export const priceV1Schema = z.object({
  ticker: tickerSchema,
  price: z.number().positive(),
  ts: epochMsSchema,
});
export type PriceV1 = z.infer<typeof priceV1Schema>;
