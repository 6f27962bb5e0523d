/**
 * Pairs 3 and 4 in the chaos suite: a tweet source posting known episodes over the
 * ingest brokers' tweet door (`POST /tweets`, `POST /prices`), the way a firehose
 * relay does (a refused or unanswered batch is posted again to any broker): Yamanote
 * line delay bursts, each ended by everyday chatter later in tweet time (→ one
 * dispatch disruption each), and bursts of tweets about a ticker of its own (→ one
 * market signal, one paper order each). The next episode waits, bounded, until the
 * last one's effect is visible, so tweet time never runs ahead of a lagging
 * partition. At the end: every accepted tweet on Kafka, each ticker's tweets counted
 * once, exactly one disruption and one order per episode.
 */
import type { PriceV1, TweetV2 } from '@tsunagu/contracts';
import { burst } from '../../apps/market-sentiment/test/tweet-fixtures';
import { chatter, MIN, yamanoteBurst } from '../../apps/tweet-analysis/test/tweet-fixtures';
import type { ServiceProcess } from '../support/service-process';
import { api, itemsOf, sleep, until } from './chaos-probes';

export interface TweetPlan {
  readonly transitEpisodes: number;
  readonly marketEpisodes: number;
  /** ms of wall clock between two slots of episodes, so they spread over the faults */
  readonly gapMs: number;
}

export interface TweetServices {
  readonly brokers: () => readonly ServiceProcess[];
  readonly dispatch: () => ServiceProcess;
  readonly trading: () => ServiceProcess;
  readonly sentiment: () => ServiceProcess;
}

export interface TweetResult {
  readonly tweets: number;
  /** tweets a broker answered 202 for */
  readonly accepted: number;
  /** batches posted again after a refusal or no answer */
  readonly reposted: number;
  readonly onBus: number;
  readonly missingOnBus: number;
  readonly busDuplicates: number;
  readonly transitEpisodes: number;
  readonly disruptions: number;
  readonly missingDisruptions: number;
  readonly duplicateDisruptions: number;
  readonly marketEpisodes: number;
  /** tickers whose window counts exactly their burst's tweets (none twice, none lost) */
  readonly tickersCountedOnce: number;
  readonly orders: number;
  readonly missingOrders: number;
  readonly duplicateOrders: number;
  readonly ok: boolean;
}

const HOUR_MS = 3_600_000;
const MARKET_BURST = 12;
const EFFECT_WAIT_MS = 90_000;
const TICKER_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Episode `k`'s ticker: a symbol nobody else tweets about. */
const tickerOf = (k: number) => `QX${TICKER_LETTERS[Math.floor(k / 26) % 26]}${TICKER_LETTERS[k % 26]}`;

export class TweetSource {
  readonly accepted = new Set<string>();
  reposted = 0;
  private stopped = false;
  private running: Promise<void> = Promise.resolve();
  /** tweet time: hours before the run, so each episode has an hour and the doors' clock is never behind */
  private readonly base = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 12 * HOUR_MS;
  private readonly prefix = `chaos${Date.now().toString(36)}`;

  constructor(
    readonly plan: TweetPlan,
    private readonly services: TweetServices,
    private readonly log: (l: string) => void,
  ) {}

  get total(): number {
    return this.plan.transitEpisodes * (12 + 24) + this.plan.marketEpisodes * MARKET_BURST;
  }

  start(): void {
    this.running = this.run();
  }

  async finish(): Promise<void> {
    await this.running;
  }

  stop(): void {
    this.stopped = true;
  }

  private async run(): Promise<void> {
    const slots = Math.max(this.plan.transitEpisodes, this.plan.marketEpisodes);
    for (let k = 0; k < slots && !this.stopped; k++) {
      if (k > 0) await sleep(this.plan.gapMs);
      const at = this.base + k * HOUR_MS;
      if (k < this.plan.transitEpisodes) {
        await this.post('/tweets', yamanoteBurst(at, `${this.prefix}t${k}-`));
        await this.effect(`disruption ${k + 1}`, async () => (await this.disruptions()).length > k);
      }
      if (k < this.plan.marketEpisodes) {
        const ticker = tickerOf(k);
        await this.post('/prices', [{ ticker, price: 100, ts: at + 10 * MIN } satisfies PriceV1]);
        await this.post('/tweets', burst(ticker, at + 10 * MIN, MARKET_BURST, k % 2 ? 'negative' : 'positive', `${this.prefix}m${k}`));
        await this.effect(`order for ${ticker}`, async () => (await this.orders(ticker)).length > 0);
      }
      if (k < this.plan.transitEpisodes) {
        // tweet time moves on with chatter only: the disruption ends before the next burst
        await this.post('/tweets', chatter(at + 30 * MIN, 10_000, `${this.prefix}c${k}-`));
        await this.effect(`disruption ${k + 1} ended`, async () => (await this.disruptions()).filter((d) => d.status === 'ended').length > k);
      }
    }
  }

  /** Posts a batch until a broker answers 202 (to whichever is up: a broker may be killed meanwhile). */
  private async post(path: '/tweets' | '/prices', items: TweetV2[] | PriceV1[]): Promise<void> {
    const body = path === '/tweets' ? { tweets: items } : { prices: items };
    for (let attempt = 0; !this.stopped; attempt++) {
      const brokers = this.services.brokers();
      const broker = brokers[attempt % Math.max(1, brokers.length)];
      const status = broker ? await api(broker, 'POST', path, body).then((r) => r.status, () => 0) : 0;
      if (status === 202) break;
      if (status === 400) throw new Error(`chaos: ${path} refused a planned batch`);
      this.reposted++;
      await sleep(500);
    }
    if (path === '/tweets') for (const t of items as TweetV2[]) this.accepted.add(t.id);
  }

  private async effect(what: string, seen: () => Promise<boolean>): Promise<void> {
    await until(what, async () => ((await seen()) ? true : undefined), EFFECT_WAIT_MS).catch(() => this.log(`tweets: no ${what} after ${EFFECT_WAIT_MS / 1000} s, going on`));
  }

  private disruptions() {
    return itemsOf<{ disruptionId: string; lineId: string; startedAt: number; status: string }>(this.services.dispatch(), '/dispatch/disruptions?status=all&pageSize=500');
  }

  private orders(ticker: string) {
    return itemsOf<{ clientOrderId: string }>(this.services.trading(), `/trading/orders?ticker=${ticker}&pageSize=100`);
  }

  /** The proof from the records, once every episode was posted; `onBus` is every tweet id Kafka holds (each delivery). */
  async verify(onBus: () => readonly string[], log: (l: string) => void): Promise<TweetResult> {
    const ids = await until('accepted tweets on the bus', async () => {
      const seen = new Set(onBus());
      return [...this.accepted].every((id) => seen.has(id)) ? onBus() : undefined;
    }, 120_000).catch(() => onBus());
    const distinct = new Set(ids);
    const mine = ids.filter((id) => id.startsWith(this.prefix));
    const { transitEpisodes, marketEpisodes } = this.plan;
    const disruptions = await until('every disruption', async () => {
      const d = await this.disruptions();
      return d.length >= transitEpisodes ? d : undefined;
    }, 60_000).catch(() => this.disruptions());
    // one per burst: its start inside the burst's hour
    const perEpisode = Array.from({ length: transitEpisodes }, (_, k) => disruptions.filter((d) => d.startedAt >= this.base + k * HOUR_MS && d.startedAt < this.base + (k + 1) * HOUR_MS).length);
    let tickersOnce = 0;
    let orders = 0;
    let missingOrders = 0;
    let duplicateOrders = 0;
    for (let k = 0; k < marketEpisodes; k++) {
      const ticker = tickerOf(k);
      const got = await until(`order for ${ticker}`, async () => {
        const o = await this.orders(ticker);
        return o.length > 0 ? o : undefined;
      }, 60_000).catch(() => this.orders(ticker));
      orders += got.length;
      missingOrders += got.length === 0 ? 1 : 0;
      duplicateOrders += Math.max(0, got.length - 1);
      const view = await api(this.services.sentiment(), 'GET', `/market-sentiment/tickers/${ticker}`).catch(() => null);
      if (view?.status === 200 && view.body.volume === MARKET_BURST) tickersOnce++;
    }
    const missingDisruptions = perEpisode.filter((n) => n === 0).length;
    const result: TweetResult = {
      tweets: this.total,
      accepted: this.accepted.size,
      reposted: this.reposted,
      onBus: [...this.accepted].filter((id) => distinct.has(id)).length,
      missingOnBus: [...this.accepted].filter((id) => !distinct.has(id)).length,
      busDuplicates: mine.length - new Set(mine).size,
      transitEpisodes,
      disruptions: disruptions.length,
      missingDisruptions,
      duplicateDisruptions: disruptions.length - (transitEpisodes - missingDisruptions),
      marketEpisodes,
      tickersCountedOnce: tickersOnce,
      orders,
      missingOrders,
      duplicateOrders,
      ok: false,
    };
    const ok =
      result.accepted === result.tweets && result.missingOnBus === 0 && missingDisruptions === 0 && result.duplicateDisruptions === 0 && tickersOnce === marketEpisodes && missingOrders === 0 && duplicateOrders === 0;
    log(`verified tweets: ${JSON.stringify({ ...result, ok })}`);
    return { ...result, ok };
  }
}
