import type { TweetIntake } from '@tsunagu/contracts';
import templates from '../catalogue/tweet-templates.json';
import { Random } from '../random';
import { TRAIN_LINES, type TrainLine } from '../models/catalogue';

export type TickerMood = 'good' | 'bad' | 'neutral';
export type TweetLang = 'ja' | 'en';

export const SIMULATED_TICKERS = Object.keys(templates.companies);

const HANDLES = ['kenji_t', 'yuki.m', 'trader_joe', 'tokyo_commuter', 'sakura88', 'marketwatcher', 'hiro_dev', 'emi_k', 'stonks_daily', 'naoko_w'];

/**
 * Generates tweets: cashtag tweets with a mood, train-delay reports in Japanese and
 * English, and background chatter. Ids are `<prefix>-<n>` so a run's tweets are
 * recognisable; `createdAt` is the simulated time.
 */
export class TweetGenerator {
  private n = 0;

  constructor(
    private readonly rng: Random,
    private readonly idPrefix: string,
  ) {}

  ticker(ticker: string, mood: TickerMood, at: number): TweetIntake {
    const company = (templates.companies as Record<string, string>)[ticker] ?? ticker;
    const text = this.fill(this.rng.pick(templates.ticker[mood]), { T: `$${ticker}`, C: company });
    return this.tweet(text, 'en', at);
  }

  delay(line: TrainLine, lang: TweetLang, at: number): TweetIntake {
    const [stationEn, stationJa] = this.rng.pick(line.stations);
    const text = this.fill(this.rng.pick(templates.delay[lang]), {
      L: lang === 'ja' ? line.ja : line.en,
      S: lang === 'ja' ? stationJa : stationEn,
    });
    return this.tweet(text, lang, at);
  }

  chatter(at: number): TweetIntake {
    const lang: TweetLang = this.rng.chance(0.6) ? 'ja' : 'en';
    const line = this.rng.pick(TRAIN_LINES);
    const [stationEn, stationJa] = this.rng.pick(line.stations);
    if (this.rng.chance(0.3)) return this.ticker(this.rng.pick(SIMULATED_TICKERS), 'neutral', at);
    const text = this.fill(this.rng.pick(templates.chatter[lang]), {
      L: lang === 'ja' ? line.ja : line.en,
      S: lang === 'ja' ? stationJa : stationEn,
    });
    return this.tweet(text, lang, at);
  }

  private tweet(text: string, lang: TweetLang, at: number): TweetIntake {
    this.n += 1;
    return {
      id: `${this.idPrefix}-${this.n}`,
      author: this.rng.pick(HANDLES),
      text,
      lang,
      createdAt: new Date(at).toISOString(),
    };
  }

  private fill(template: string, values: Record<string, string>): string {
    return template.replace(/\{([A-Z])\}/g, (_, key: string) => {
      if (values[key] !== undefined) return values[key]!;
      if (key === 'N') return String(this.rng.int(2, 40));
      if (key === 'M') return String(this.rng.int(5, 45));
      return key;
    });
  }
}
