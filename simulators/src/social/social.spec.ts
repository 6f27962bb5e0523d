import { priceV1Schema, tweetIntakeSchema } from '@tsunagu/contracts';
import { Random } from '../random';
import { trainLineOf } from '../models/catalogue';
import { PriceFeed } from './price.feed';
import { TweetGenerator } from './tweet.generator';

describe('TweetGenerator', () => {
  const gen = new TweetGenerator(new Random(1), 'run1');
  const at = Date.parse('2026-11-30T00:00:00Z');

  it('writes cashtag tweets with the mood asked for, valid per the tweet contract', () => {
    const t = gen.ticker('TSLA', 'good', at);
    expect(tweetIntakeSchema.safeParse(t).success).toBe(true);
    expect(t.text).toContain('$TSLA');
    expect(t.createdAt).toBe('2026-11-30T00:00:00.000Z');
  });

  it('writes delay reports in Japanese and English naming the line', () => {
    const line = trainLineOf('jr-yamanote');
    expect(gen.delay(line, 'ja', at).text).toContain('山手線');
    expect(gen.delay(line, 'en', at)).toMatchObject({ lang: 'en', text: expect.stringContaining('Yamanote Line') });
  });

  it('gives each tweet its own id', () => {
    const ids = Array.from({ length: 50 }, () => gen.chatter(at).id);
    expect(new Set(ids).size).toBe(50);
  });
});

describe('PriceFeed', () => {
  it('moves a ticker by the injected percentage (spread over the duration), valid ticks', () => {
    const t0 = Date.parse('2026-11-30T00:00:00Z');
    const feed = new PriceFeed(new Random(2), ['TSLA'], t0, 0);
    const p0 = feed.tick(t0)[0]!.price;
    feed.move('TSLA', 10, t0 + 1000, 10_000);
    let last = p0;
    for (let t = t0 + 1000; t <= t0 + 12_000; t += 1000) last = feed.tick(t)[0]!.price;
    expect(last / p0).toBeCloseTo(1.1, 2);
    expect(priceV1Schema.parse(feed.tick(t0 + 13_000)[0])).toBeTruthy();
  });
});
