import { TOPICS, type TweetV2 } from '@tsunagu/contracts';
import type { MessageBus } from '@tsunagu/platform';

export const T0 = Date.UTC(2026, 10, 29, 9, 0, 0);
export const MIN = 60_000;

const POSITIVE = [
  '$%s beats estimates and raises full-year guidance',
  '$%s upgraded to buy at Goldman, price target raised',
  '$%s shares soar after a record quarter',
  'Very bullish on $%s, strong growth ahead',
  '$%s rallies on a strong earnings beat',
];

const NEGATIVE = ['$%s downgraded to sell, price target cut', '$%s shares plunge after earnings miss', '$%s slashes guidance on weak demand'];

/** `n` tweets about `ticker`, `spacingMs` apart from `start` (the analysis clock is createdAt). */
export function burst(ticker: string, start: number, n: number, mood: 'positive' | 'negative', prefix: string, spacingMs = 10_000): TweetV2[] {
  const texts = mood === 'positive' ? POSITIVE : NEGATIVE;
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-${ticker}-${i}`,
    author: `trader_${i % 7}`,
    text: texts[i % texts.length]!.replace('%s', ticker),
    lang: 'en',
    createdAt: start + i * spacingMs,
  }));
}

/** Chatter about no ticker: analysed, then dropped. */
export function chatter(start: number, n: number, prefix: string): TweetV2[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `${prefix}-chatter-${i}`,
    author: 'someone',
    text: i % 2 ? 'lovely weather in Tokyo today' : '電車が遅れています',
    lang: i % 2 ? 'en' : 'ja',
    createdAt: start + i * 1000,
  }));
}

export function publishTweets(bus: MessageBus, tweets: readonly TweetV2[]): Promise<void> {
  return bus.publish(
    TOPICS.tweets,
    tweets.map((t) => ({ key: t.id, value: JSON.stringify(t) })),
  );
}
