import { randomBytes } from 'node:crypto';
import type { PriceV1, TweetIntake } from '@tsunagu/contracts';
import { createLogger, type Logger } from '@tsunagu/platform/logging/logger';
import { Fleet, type FleetDevice, type FleetDeviceSpec } from '../fleet/fleet';
import { SimClock } from '../fleet/sim-clock';
import { trainLineOf } from '../models/catalogue';
import { Random } from '../random';
import type { PlatformApiClient } from '../platform/platform-api.client';
import { PriceFeed } from '../social/price.feed';
import type { PriceSink } from '../social/price.sink';
import { TweetGenerator } from '../social/tweet.generator';
import { writeGroundTruth, type ExpectedFinding, type GroundTruth, type Injection } from './ground-truth';
import type { Scenario, ScenarioEvent } from './scenario.schema';

export interface ScenarioRunOptions {
  readonly scenario: Scenario;
  readonly mqttUrl: string;
  readonly api: PlatformApiClient;
  readonly caFile?: string;
  /** disk outboxes for the devices live here; omitted: in-memory outboxes */
  readonly dataDir?: string;
  readonly priceSink?: PriceSink;
  readonly runId?: string;
  /** where the ground truth is written (also returned) */
  readonly groundTruthFile?: string;
  /** ms to wait at the end for every queued reading to be acked */
  readonly drainTimeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

interface Timed {
  readonly at: number;
  readonly run: () => void;
}

const TWEET_SOURCE_MODEL = 'tweet-simulator';

/** What each scenario event should make the platform find. */
export function expectationOf(event: ScenarioEvent): { scoreKind: string; expect: ExpectedFinding | null } {
  switch (event.kind) {
    case 'coolant-climbing':
      return event.device.startsWith('machine:')
        ? { scoreKind: 'machine:coolant-climbing', expect: { source: 'maintenance', match: 'coolant' } }
        : { scoreKind: 'vehicle:coolant-climbing', expect: { source: 'callcentre', match: 'overheating' } };
    case 'hydraulic-leak':
      return { scoreKind: 'machine:hydraulic-leak', expect: { source: 'maintenance', match: 'hydraulic' } };
    case 'vibration-rising':
      return { scoreKind: 'machine:vibration-rising', expect: { source: 'maintenance', match: 'vibration' } };
    case 'battery-failing':
      return { scoreKind: 'vehicle:battery-failing', expect: { source: 'callcentre', match: 'battery-failing' } };
    case 'dtc':
      return { scoreKind: 'vehicle:dtc', expect: { source: 'callcentre', match: 'diagnostic-code' } };
    case 'crash':
      return { scoreKind: 'vehicle:crash', expect: { source: 'callcentre', match: 'crash' } };
    case 'ticker-news':
      return { scoreKind: `ticker-news:${event.mood}`, expect: { source: 'trading', match: event.mood === 'good' ? 'buy' : 'sell' } };
    case 'train-delay':
      return { scoreKind: 'train-delay', expect: { source: 'dispatch', match: 'delay' } };
    case 'price-move':
      return { scoreKind: 'price-move', expect: null };
  }
}

/** Expands the scenario's fleet into device specs with run-unique ids. */
export function fleetSpecsOf(scenario: Scenario, runId: string): FleetDeviceSpec[] {
  const specs: FleetDeviceSpec[] = [];
  let m = 0;
  for (const g of scenario.fleet.machines) {
    for (let i = 0; i < g.count; i++, m++) specs.push({ ref: `machine:${m}`, kind: 'machine', model: g.model, deviceId: `${runId}-m${m}`, site: g.site });
  }
  let v = 0;
  for (const g of scenario.fleet.vehicles) {
    for (let i = 0; i < g.count; i++, v++) specs.push({ ref: `vehicle:${v}`, kind: 'vehicle', model: g.model, deviceId: `${runId}-v${v}` });
  }
  const tweets = scenario.social.chatterPerMin > 0 || scenario.events.some((e) => e.kind === 'ticker-news' || e.kind === 'train-delay');
  if (tweets) specs.push({ ref: 'tweets', kind: 'tweet-source', model: TWEET_SOURCE_MODEL, deviceId: `${runId}-tw` });
  return specs;
}

/**
 * Runs a scenario: provisions its fleet, drives the models in simulated time, injects
 * the faults and bursts at their times, and returns (and writes) the ground truth:
 * every injection with its simulated and wall-clock time and what it should lead to.
 */
export async function runScenario(options: ScenarioRunOptions): Promise<GroundTruth> {
  const { scenario } = options;
  const log = options.logger ?? createLogger('simulators.scenario');
  const runId = options.runId ?? `sim-${randomBytes(3).toString('hex')}`;
  const durationMs = scenario.durationSec * 1000;
  const tickMs = scenario.tickSec * 1000;
  // Backdated by default so simulated time never runs ahead of the wall clock.
  const simStart = scenario.startAt ? Date.parse(scenario.startAt) : Math.floor(Date.now() + durationMs / scenario.speed - durationMs);
  const rng = new Random(scenario.seed);

  log.info('provisioning the fleet', { runId, scenario: scenario.name });
  const fleet = await Fleet.provision(fleetSpecsOf(scenario, runId), {
    mqttUrl: options.mqttUrl,
    api: options.api,
    caFile: options.caFile,
    dataDir: options.dataDir,
    seed: scenario.seed,
    simStart,
    shifts: scenario.shifts,
    logger: log,
  });
  try {
    if (!(await fleet.waitConnected(15_000))) log.warn('not every device connected yet; their readings wait in the outbox', fleet.stats() as unknown as Record<string, unknown>);
    const clock = new SimClock(simStart, scenario.speed);
    const tweetSource = fleet.byRef('tweets');
    const tweets = new TweetGenerator(rng.fork(1), runId);
    const prices = new PriceFeed(rng.fork(2), [...new Set([...scenario.social.priceTickers, ...priceTickersOf(scenario)])], simStart);
    const counters = { tweetsQueued: 0, pricesPublished: 0, pricesWithoutSink: 0 };
    const injections: Injection[] = [];
    const timeline: Timed[] = [];
    const publishTweet = (t: TweetIntake) => {
      if (!tweetSource) return;
      tweetSource.agent.publishJson('tweets', t);
      counters.tweetsQueued += 1;
    };

    scenario.events.forEach((event, i) => {
      const at = simStart + event.at * 1000;
      const { scoreKind, expect } = expectationOf(event);
      const device = 'device' in event ? fleet.byRef(event.device) : undefined;
      const subject = device ? device.spec.deviceId : event.kind === 'train-delay' ? event.line : 'ticker' in event ? event.ticker : '';
      const line = event.kind === 'train-delay' ? trainLineOf(event.line) : undefined;
      const { kind: _k, at: _a, ...params } = event;
      injections.push({
        id: `${runId}:${i}`,
        scoreKind,
        kind: event.kind,
        subject,
        aliases: line ? [line.en, line.ja] : [],
        at,
        wallAt: Math.round(clock.wallAt(at)),
        until: 'overSec' in event ? at + event.overSec * 1000 : undefined,
        expect,
        params: params as Record<string, unknown>,
      });
      timeline.push(...scheduleEvent(event, at, device, { tweets, rng, prices, publishTweet }));
    });
    timeline.sort((a, b) => a.at - b.at);
    // background tweets: Poisson arrivals, drawn as the run goes (a week-long fleet run would not fit in a list)
    const chatterPerMin = scenario.social.chatterPerMin;
    let nextChatterAt = chatterPerMin > 0 ? simStart + expGap(rng, chatterPerMin) : Number.POSITIVE_INFINITY;

    let cursor = 0;
    let queued = 0;
    let lastProgress = Date.now();
    let nextPriceAt = prices.tickers().length > 0 ? simStart : Number.POSITIVE_INFINITY;
    const priceBatch: PriceV1[] = [];
    for (let t = simStart; t <= simStart + durationMs && !options.signal?.aborted; t += tickMs) {
      await clock.until(t, options.signal);
      while (cursor < timeline.length && timeline[cursor]!.at <= t) timeline[cursor++]!.run();
      for (; nextChatterAt <= t; nextChatterAt += expGap(rng, chatterPerMin)) publishTweet(tweets.chatter(nextChatterAt));
      queued += fleet.tick(t);
      while (nextPriceAt <= t) {
        priceBatch.push(...prices.tick(nextPriceAt));
        nextPriceAt += scenario.social.priceEverySec * 1000;
      }
      if (priceBatch.length > 0) {
        if (options.priceSink) {
          await options.priceSink.publish(priceBatch);
          counters.pricesPublished += priceBatch.length;
        } else counters.pricesWithoutSink += priceBatch.length;
        priceBatch.length = 0;
      }
      if (Date.now() - lastProgress > 5000) {
        lastProgress = Date.now();
        log.info('scenario progress', { runId, simSecond: Math.round((t - simStart) / 1000), of: scenario.durationSec, ...fleet.stats() });
      }
    }
    // stopped by the operator: a short grace; whatever is left stays in the disk outboxes
    const drained = await fleet.drain(options.signal?.aborted ? 5000 : (options.drainTimeoutMs ?? 30_000));
    const stats = fleet.stats();
    if (!drained) log.warn('not every reading was acked before the end of the run', { pending: stats.pending });
    const truth: GroundTruth = {
      version: 1,
      runId,
      scenario: scenario.name,
      mqttUrl: options.mqttUrl,
      apiUrl: options.api.baseUrl,
      clock: { simStart, simEnd: simStart + durationMs, wallStart: clock.wallStart, wallEnd: Date.now(), speed: scenario.speed, tickSec: scenario.tickSec },
      devices: fleet.devices.map((d) => ({ ref: d.spec.ref, deviceId: d.spec.deviceId, kind: d.spec.kind, model: d.spec.model, ...(d.spec.site ? { site: d.spec.site } : {}) })),
      injections,
      stats: {
        telemetryQueued: queued,
        // the tweet source's messages are counted apart
        telemetryAcked: stats.acked - (tweetSource ? tweetSource.agent.stats().acked : 0),
        telemetryPending: stats.pending,
        tweetsQueued: counters.tweetsQueued,
        pricesPublished: counters.pricesPublished,
        pricesWithoutSink: counters.pricesWithoutSink,
      },
    };
    if (options.groundTruthFile) writeGroundTruth(options.groundTruthFile, truth);
    log.info('scenario finished', { runId, injections: injections.length, ...truth.stats, groundTruth: options.groundTruthFile });
    return truth;
  } finally {
    await fleet.stop();
  }
}

function scheduleEvent(
  event: ScenarioEvent,
  at: number,
  device: FleetDevice | undefined,
  ctx: { tweets: TweetGenerator; rng: Random; prices: PriceFeed; publishTweet: (t: TweetIntake) => void },
): Timed[] {
  switch (event.kind) {
    case 'coolant-climbing':
    case 'hydraulic-leak':
    case 'vibration-rising':
    case 'battery-failing':
      return [
        {
          at,
          run: () => {
            if (device?.machine && event.kind !== 'battery-failing') device.machine.inject(event.kind, at, event.ratePerMin);
            else if (device?.vehicle && (event.kind === 'coolant-climbing' || event.kind === 'battery-failing'))
              device.vehicle.inject(event.kind, at, { ratePerMin: event.ratePerMin });
          },
        },
      ];
    case 'dtc':
      return [{ at, run: () => device?.vehicle?.inject('dtc', at, { code: event.code }) }];
    case 'crash':
      return [{ at, run: () => device?.vehicle?.inject('crash', at) }];
    case 'ticker-news':
      return spread(event.tweets, at, event.overSec * 1000, ctx.rng).map((t) => ({
        at: t,
        run: () => ctx.publishTweet(ctx.tweets.ticker(event.ticker, event.mood, t)),
      }));
    case 'train-delay': {
      const line = trainLineOf(event.line);
      return spread(event.tweets, at, event.overSec * 1000, ctx.rng).map((t, i) => ({
        at: t,
        run: () => ctx.publishTweet(ctx.tweets.delay(line, event.languages[i % event.languages.length]!, t)),
      }));
    }
    case 'price-move':
      return [{ at, run: () => ctx.prices.move(event.ticker, event.pct, at, event.overSec * 1000) }];
  }
}

/** n instants in [from, from + overMs), front-loaded like a real burst (most reports early). */
function spread(n: number, from: number, overMs: number, rng: Random): number[] {
  return Array.from({ length: n }, () => from + Math.floor(overMs * rng.next() ** 1.5)).sort((a, b) => a - b);
}

/** ms until the next Poisson arrival at `perMin` per simulated minute */
function expGap(rng: Random, perMin: number): number {
  return Math.max(1, Math.round((-Math.log(1 - rng.next()) / perMin) * 60_000));
}

function priceTickersOf(scenario: Scenario): string[] {
  return scenario.events.flatMap((e) => (e.kind === 'price-move' || e.kind === 'ticker-news' ? [e.ticker] : []));
}
