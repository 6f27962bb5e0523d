import { z } from 'zod';
import { epochMsSchema, positionSchema } from './common.schema';
import { freeText, identifier, normalisedText } from './text.schema';

/** A tweet on `social.tweet.received.v2`: what the intake accepted, normalised. */
export const tweetV2Schema = z.object({
  id: identifier(64),
  author: freeText(100),
  text: freeText(2000),
  /** BCP-47 primary language tag, e.g. `en`, `ja` */
  lang: z.string().min(2).max(8),
  /** when it was written, epoch ms */
  createdAt: epochMsSchema,
  geo: positionSchema.optional(),
});
export type TweetV2 = z.infer<typeof tweetV2Schema>;

/**
 * What the tweet doors accept (MQTT `tweets` channel, `POST /tweets`, the JSON-lines
 * replay): the same fields, with `createdAt` as an ISO 8601 date-time with offset
 * (as tweet APIs give it) or epoch ms; it becomes epoch ms. Author and text are
 * normalised (NFKC: full-width `＄ＴＳＬＡ` is `$TSLA`; control characters removed)
 * before they are validated.
 */
export const tweetIntakeSchema = tweetV2Schema.extend({
  author: normalisedText(100),
  text: normalisedText(2000),
  createdAt: z.union([epochMsSchema, z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]),
});
export type TweetIntake = z.input<typeof tweetIntakeSchema>;
