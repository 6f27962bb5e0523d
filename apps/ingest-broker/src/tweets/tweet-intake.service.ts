import { Inject, Injectable } from '@nestjs/common';
import { HEADERS, TOPICS, type TweetV1 } from '@tsunagu/contracts';
import { PLATFORM_TOKENS, type MessageBus, type Metrics } from '@tsunagu/platform';

/** How many recent tweet ids the intake remembers to drop duplicates (consumers dedupe durably too). */
const RECENT_IDS = 200_000;

/**
 * One intake for tweets from every door (MQTT tweet sources, HTTP, JSON-lines
 * replay): drops duplicates by id, normalises the text (Unicode NFKC: full-width
 * letters and digits become ASCII, so `＄ＴＳＬＡ` is `$TSLA`; URLs, mentions and
 * emoji are kept as they are, the analysers read them as signals), and publishes
 * to `social.tweet.received.v1` keyed by tweet id, in one produce request per batch.
 */
@Injectable()
export class TweetIntakeService {
  private readonly recent = new Set<string>();
  private readonly counter;

  constructor(
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.counter = metrics.counter('tweets_received_total', 'tweets taken in, by door and outcome', ['door', 'outcome']);
  }

  async accept(tweets: readonly TweetV1[], door: 'mqtt' | 'http'): Promise<{ accepted: number; duplicates: number }> {
    const fresh: TweetV1[] = [];
    for (const tweet of tweets) {
      if (this.recent.has(tweet.id) || fresh.some((t) => t.id === tweet.id)) continue;
      fresh.push({ ...tweet, text: tweet.text.normalize('NFKC'), author: tweet.author.normalize('NFKC') });
    }
    if (fresh.length > 0) {
      await this.bus.publish(
        TOPICS.tweets,
        fresh.map((t) => ({
          key: t.id,
          value: JSON.stringify(t),
          headers: { [HEADERS.schema]: TOPICS.tweets, [HEADERS.correlationId]: `tweet:${t.id}` },
        })),
      );
      // remembered only once durable, so a failed publish can be retried
      for (const t of fresh) this.remember(t.id);
    }
    const duplicates = tweets.length - fresh.length;
    this.counter.inc({ door, outcome: 'accepted' }, fresh.length);
    if (duplicates > 0) this.counter.inc({ door, outcome: 'duplicate' }, duplicates);
    return { accepted: fresh.length, duplicates };
  }

  private remember(id: string): void {
    this.recent.add(id);
    if (this.recent.size > RECENT_IDS) {
      // a Set iterates in insertion order: drop the oldest
      const oldest = this.recent.values().next().value;
      if (oldest !== undefined) this.recent.delete(oldest);
    }
  }
}
