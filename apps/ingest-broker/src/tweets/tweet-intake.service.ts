import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import { PLATFORM_TOKENS, Publisher, type Cause, type Metrics } from '@tsunagu/platform';

/** How many recent tweet ids the intake remembers to drop duplicates (consumers dedupe durably too). */
const RECENT_IDS = 200_000;

/**
 * One intake for tweets from every door (MQTT tweet sources, HTTP, JSON-lines
 * replay), after the door's schema normalised them (NFKC, control characters out;
 * URLs, mentions and emoji kept: the analysers read them as signals): drops
 * duplicates by id and publishes to `social.tweet.received.v2` keyed by tweet id,
 * in one produce request per batch.
 */
@Injectable()
export class TweetIntakeService {
  private readonly recent = new Set<string>();
  private readonly counter;

  constructor(
    private readonly publisher: Publisher,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.counter = metrics.counter('tweets_received_total', 'tweets taken in, by door and outcome', ['door', 'outcome']);
  }

  /** `door` is where the tweets came in (`mqtt:<topic>`, `http:POST /tweets`): their lineage. */
  async accept(tweets: readonly TweetV2[], door: Cause): Promise<{ accepted: number; duplicates: number }> {
    const fresh: TweetV2[] = [];
    for (const tweet of tweets) {
      if (this.recent.has(tweet.id) || fresh.some((t) => t.id === tweet.id)) continue;
      fresh.push(tweet);
    }
    if (fresh.length > 0) {
      await this.publisher.publish(
        TOPICS.tweets,
        fresh.map((value) => ({ value, cause: door, correlationId: `tweet:${value.id}` })),
      );
      // remembered only once durable, so a failed publish can be retried
      for (const t of fresh) this.remember(t.id);
    }
    const kind = door.topic.split(':')[0]!;
    const duplicates = tweets.length - fresh.length;
    this.counter.inc({ door: kind, outcome: 'accepted' }, fresh.length);
    if (duplicates > 0) this.counter.inc({ door: kind, outcome: 'duplicate' }, duplicates);
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
