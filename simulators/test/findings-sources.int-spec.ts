import { TOPICS } from '@tsunagu/contracts';
import { appUnderTest } from '../../test/support/app-under-test';
import { TEST_TOKENS } from '../../test/support/app-harness';
import { expectEventually, uniqueId } from '../../test/support/test-env';
import { MaintenanceModule } from '@apps/maintenance';
import { CallCentreModule } from '@apps/call-centre';
import { TradingModule } from '@apps/trading';
import { DispatchModule } from '@apps/dispatch';
import { PlatformApiClient, type GroundTruth, type Injection } from '../src';
import { restFindingsSources } from '../src/score/rest-findings-sources';
import { scoreGroundTruth } from '../src/score/score.runner';
import { formatScoreTable } from '../src/score/scorer';

/**
 * The scorer's REST readers against the real record systems: findings published on
 * their Kafka topics become work orders, cases, orders and disruptions, and the
 * scorer finds each one, attributes it to its injection and measures the delay.
 */
describe('findings sources against the real record systems', () => {
  const rig = appUnderTest({
    serviceName: 'score-test',
    kafka: uniqueId('score-'),
    topics: [TOPICS.maintenanceFindings, TOPICS.vehicleIncidents, TOPICS.marketSignals, TOPICS.transitDisruptions, TOPICS.vehicleState, TOPICS.prices],
    modules: [MaintenanceModule.register(), CallCentreModule.register(), TradingModule.register(), DispatchModule.register()],
  });

  it('sees each record system’s finding and scores the run', async () => {
    const runId = uniqueId('sim-');
    const T = Date.now() - 600_000;
    const machine = `${runId}-m0`;
    const vehicle = `${runId}-v0`;
    const inj = (over: Partial<Injection> & Pick<Injection, 'scoreKind' | 'kind' | 'subject' | 'expect'>): Injection => ({
      id: `${runId}:${over.scoreKind}`,
      aliases: [],
      at: T,
      wallAt: Date.now(),
      params: {},
      ...over,
    });
    const truth: GroundTruth = {
      version: 1,
      runId,
      scenario: 'score-int',
      mqttUrl: 'mqtt://127.0.0.1:1883',
      apiUrl: rig.app.httpUrl,
      clock: { simStart: T - 60_000, simEnd: T + 300_000, wallStart: Date.now() - 10_000, wallEnd: Date.now(), speed: 30, tickSec: 5 },
      devices: [
        { ref: 'machine:0', deviceId: machine, kind: 'machine', model: 'excavator-20t' },
        { ref: 'vehicle:0', deviceId: vehicle, kind: 'vehicle', model: 'van-2t' },
      ],
      injections: [
        inj({ scoreKind: 'machine:coolant-climbing', kind: 'coolant-climbing', subject: machine, expect: { source: 'maintenance', match: 'coolant' } }),
        inj({ scoreKind: 'vehicle:crash', kind: 'crash', subject: vehicle, expect: { source: 'callcentre', match: 'crash' } }),
        inj({ scoreKind: 'vehicle:dtc', kind: 'dtc', subject: vehicle, expect: { source: 'callcentre', match: 'diagnostic-code' } }),
        inj({ scoreKind: 'ticker-news:good', kind: 'ticker-news', subject: 'TSLA', expect: { source: 'trading', match: 'buy' } }),
        inj({ scoreKind: 'train-delay', kind: 'train-delay', subject: 'jr-chuo', aliases: ['Chuo Line', '中央線'], expect: { source: 'dispatch', match: 'delay' } }),
      ],
      stats: { telemetryQueued: 0, telemetryAcked: 0, telemetryPending: 0, tweetsQueued: 0, pricesPublished: 0, pricesWithoutSink: 0 },
    };
    const evidence = { detector: 'test', detectorVersion: '1', readings: [] };
    const origin = { topic: 'telemetry', partition: 0, fromOffset: '1', toOffset: '2' };
    const json = (key: string, value: unknown) => [{ key, value: JSON.stringify(value) }];
    await rig.bus.publish(
      TOPICS.maintenanceFindings,
      json(machine, {
        findingId: `${machine}:coolant:trend:${T + 120_000}`,
        subjectId: machine,
        component: 'coolant',
        kind: 'trend',
        severity: 'high',
        dedupKey: `${machine}:coolant:trend`,
        detectedAt: T + 120_000,
        summary: 'coolant rising',
        evidence,
        origin,
        model: 'excavator-20t',
        predictedTimeToLimitSec: 300,
      }),
    );
    await rig.bus.publish(
      TOPICS.vehicleIncidents,
      json(vehicle, {
        findingId: `${vehicle}:crash:${T + 2000}`,
        subjectId: vehicle,
        component: 'body',
        kind: 'crash',
        severity: 'critical',
        dedupKey: `${vehicle}:crash:${T + 2000}`,
        detectedAt: T + 2000,
        summary: 'crash',
        evidence,
        origin,
        position: { lat: 35.68, lon: 139.76 },
      }),
    );
    await rig.bus.publish(
      TOPICS.marketSignals,
      json('TSLA', {
        signalId: `TSLA:buy:${runId}`,
        ticker: 'TSLA',
        direction: 'buy',
        strength: 0.7,
        confidence: 0.8,
        window: { start: T, end: T + 60_000 },
        tweetCount: 20,
        meanSentiment: 0.5,
        volumeZ: 4,
        tweetIds: [`${runId}-3`, `${runId}-4`],
        model: 'test',
        emittedAt: Date.now(),
      }),
    );
    await rig.bus.publish(
      TOPICS.transitDisruptions,
      json('jr-chuo', {
        disruptionId: `jr-chuo:${runId}`,
        status: 'started',
        kind: 'delay',
        lineId: 'jr-chuo',
        lineName: '中央線',
        stations: [{ id: 'shinjuku', name: '新宿', position: { lat: 35.6896, lon: 139.7006 } }],
        startedAt: T + 90_000,
        confidence: 0.9,
        sampleTweets: [],
        emittedAt: Date.now(),
      }),
    );

    const sources = restFindingsSources(new PlatformApiClient({ baseUrl: rig.app.httpUrl, token: TEST_TOKENS.admin }));
    // the record systems consume asynchronously; the dtc injection stays missed on purpose
    const report = await expectEventually(
      async () => {
        const r = await scoreGroundTruth({ truth, sources });
        expect(r.kinds.reduce((n, k) => n + k.detected, 0)).toBe(4);
        return r;
      },
      { timeoutMs: 30_000, intervalMs: 500 },
    );
    console.log(formatScoreTable(report));
    expect(Object.values(report.sources).map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok']);
    const byKind = Object.fromEntries(report.kinds.map((k) => [k.scoreKind, k]));
    expect(byKind['machine:coolant-climbing']).toMatchObject({ detected: 1, recall: 1, precision: 1, delaySec: { p50: 120 } });
    expect(byKind['vehicle:crash']).toMatchObject({ detected: 1, recall: 1, delaySec: { p50: 2 } });
    expect(byKind['vehicle:dtc']).toMatchObject({ detected: 0, missed: 1, recall: 0 });
    expect(byKind['ticker-news:good']).toMatchObject({ detected: 1, recall: 1, delaySec: { p50: 60 } });
    expect(byKind['train-delay']).toMatchObject({ detected: 1, recall: 1, delaySec: { p50: 90 } });
  });
});
