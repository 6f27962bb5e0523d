import { z } from 'zod';
import { isoDateTimeSchema, positionSchema } from './common.schema';

/** The tweet intake contract (MQTT `tweets` channel, HTTP, JSON-lines replay). */
export const tweetV1Schema = z.object({
  id: z.string().min(1).max(64),
  author: z.string().min(1).max(100),
  text: z.string().min(1).max(2000),
  /** BCP-47 primary language tag, e.g. `en`, `ja` */
  lang: z.string().min(2).max(8),
  createdAt: isoDateTimeSchema,
  geo: positionSchema.optional(),
});
export type TweetV1 = z.infer<typeof tweetV1Schema>;
