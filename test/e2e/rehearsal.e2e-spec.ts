import * as path from 'node:path';
import { DEAD_LETTER_SCHEMA, deadLetterTopicOf, HEADERS, REQUIRED_HEADERS, TOPICS } from '@tsunagu/contracts';
import type { KafkaBus } from '@tsunagu/platform';
import { IngestBrokerModule } from '@apps/ingest-broker';
import { VehicleMonitoringModule } from '@apps/vehicle-monitoring';
import {
  formatScoreTable,
  HttpPriceSink,
  loadScenarioFile,
  PlatformApiClient,
  restFindingsSources,
  runScenario,
  scoreGroundTruth,
  type GroundTruth,
  type ScoreReport,
} from '@tsunagu/simulators';
import { allInOneFeatures } from '../support/all-in-one';
import { TEST_TOKENS, type RunningApp } from '../support/app-harness';
import { freePort } from '../support/kafka-broker';
import { expectEventually, uniqueId } from '../support/test-env';
import { testResources } from '../support/test-resources';

/**
 * The rehearsal, end to end, as an operator would run it: every feature module of
 * the all-in-one process (the composition of `apps/platform/src/features.ts`) on the
 * real Kafka and a real PostgreSQL, the ingest broker on a free MQTT port; the
 * simulators' scenario runner drives devices over MQTT (one injection per pair) and
 * pushes prices through `POST /prices`; the simulators' scorer reads the four record
 * systems through the REST API. Ten simulated minutes at 12× ≈ 50 s of wall time.
 */
const SCENARIO_FILE = path.join(__dirname, 'rehearsal.scenario.json');
/** the fault kinds the scenario injects; each must be found once, and nothing else may be found */
const INJECTED_KINDS = ['machine:coolant-climbing', 'vehicle:crash', 'ticker-news:good', 'train-delay'];

/**
 * The all-in-one composition with two test options: the ingest broker on a free
 * MQTT port (no WebSocket listener), and no offline sweep during the run — it
 * compares the readings' time with the wall clock, and the scenario backdates its
 * readings by up to 9 minutes so they never run ahead of it.
 */
const platformFeatures = (mqttPort: number, dataDir: string) =>
  allInOneFeatures(dataDir, [
    [IngestBrokerModule, IngestBrokerModule.register({ mqttPort })],
    [VehicleMonitoringModule, VehicleMonitoringModule.register({ offlineSweepMs: 3_600_000 })],
  ]);

describe('rehearsal: every pair in the all-in-one composition, driven over MQTT and scored through REST', () => {
  const resources = testResources();
  let bus: KafkaBus;
  let app: RunningApp;
  let api: PlatformApiClient;
  let mqttUrl: string;
  let dir: string;
  let truth: GroundTruth;
  let report: ScoreReport;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const t0 = Date.now();
    bus = resources.kafkaBus(uniqueId('e2e-'));
    const mqttPort = await freePort();
    ({ app } = await resources.startedApp({ serviceName: 'platform-e2e', bus, modules: platformFeatures(mqttPort, resources.tempDir('tsunagu-rehearsal-')) }));
    mqttUrl = `mqtt://127.0.0.1:${mqttPort}`;
    api = new PlatformApiClient({ baseUrl: app.httpUrl, token: TEST_TOKENS.admin });
    dir = resources.tempDir('e2e-rehearsal-');
    timings.startMs = Date.now() - t0;
  });

  afterAll(() => console.log(`e2e rehearsal timings (ms): ${JSON.stringify(timings)}`));

  it('the platform is healthy with every module mounted', async () => {
    const health = await app.request('GET', '/health', { role: null });
    expect(health.status).toBe(200);
  });

  it('runs the scenario over MQTT: every reading acknowledged, the ground truth written', async () => {
    const scenario = loadScenarioFile(SCENARIO_FILE);
    const t0 = Date.now();
    truth = await runScenario({
      scenario,
      runId: uniqueId('e2e-'),
      mqttUrl,
      api,
      priceSink: new HttpPriceSink(api),
      groundTruthFile: path.join(dir, 'ground-truth.json'),
    });
    timings.scenarioMs = Date.now() - t0;
    expect(truth.injections.map((i) => i.scoreKind).sort()).toEqual([...INJECTED_KINDS].sort());
    expect(truth.stats.telemetryPending).toBe(0);
    expect(truth.stats.telemetryAcked).toBe(truth.stats.telemetryQueued);
    expect(truth.stats.pricesPublished).toBeGreaterThan(0);
    expect(truth.stats.pricesWithoutSink).toBe(0);
  });

  it('scores recall and precision 100 % for every injected kind through the REST API', async () => {
    const t0 = Date.now();
    report = await scoreGroundTruth({ truth, sources: restFindingsSources(api), waitSec: 45, pollMs: 1000 });
    timings.scoreMs = Date.now() - t0;
    console.log(`${formatScoreTable(report)}\nunexpected findings: ${JSON.stringify(report.unexpected)}`);
    for (const source of ['maintenance', 'callcentre', 'trading', 'dispatch']) expect(report.sources[source]).toMatchObject({ status: 'ok' });
    const rows = Object.fromEntries(report.kinds.map((k) => [k.scoreKind, k]));
    for (const kind of INJECTED_KINDS) {
      expect({ kind, ...rows[kind] }).toMatchObject({ kind, status: 'ok', injected: 1, detected: 1, missed: 0, falsePositives: 0, recall: 1, precision: 1 });
    }
    // the simulated fleet and feeds are seeded: nothing else in them is a fault (no battery, harsh-driving or anomaly false alarm)
    expect(report.unexpected).toEqual([]);
  });

  it('leaves the records an operator expects: a work order, a P1 crash case with its position, one paper order, a staffed disruption', async () => {
    const device = (ref: string) => truth.devices.find((d) => d.ref === ref)!.deviceId;
    const machineId = device('machine:0');
    const crashedId = device('vehicle:0');
    const fleetVehicles = new Set(truth.devices.filter((d) => d.kind === 'vehicle').map((d) => d.deviceId));

    // pair 1: one open work order for the overheating excavator
    const workOrders = await app.request('GET', `/work-orders?machineId=${machineId}`, { role: 'maintenance' });
    expect(workOrders.status).toBe(200);
    const coolant = (workOrders.body.items as Array<Record<string, unknown>>).filter((w) => w.component === 'coolant');
    expect(coolant).toHaveLength(1);
    expect(coolant[0]).toMatchObject({ machineId, model: 'excavator-20t', status: 'open', dedupKey: `${machineId}:coolant` });

    // pair 2: a priority-1 case for the crash, located where the van reported the crash
    const cases = await app.request('GET', `/call-centre/cases?vehicleId=${crashedId}`, { role: 'callcentre' });
    expect(cases.status).toBe(200);
    const crashes = (cases.body.items as Array<Record<string, unknown>>).filter((c) => c.kind === 'crash');
    expect(crashes).toHaveLength(1);
    const crash = await app.request('GET', `/call-centre/cases/${crashes[0]!.id as string}`, { role: 'callcentre' });
    expect(crash.status).toBe(200);
    expect(crash.body).toMatchObject({ vehicleId: crashedId, kind: 'crash', priority: 1, severity: 'critical', status: 'new' });
    const [incident] = crash.body.incidents as Array<{ position: { lat: number; lon: number }; detectedAt: string }>;
    expect(Date.parse(incident!.detectedAt)).toBe(truth.injections.find((i) => i.kind === 'crash')!.at);
    expect(crash.body.position).toEqual(incident!.position);
    // in Tokyo, where the simulated vans drive
    expect(crash.body.position.lat).toBeGreaterThan(35.4);
    expect(crash.body.position.lat).toBeLessThan(35.9);
    expect(crash.body.position.lon).toBeGreaterThan(139.5);
    expect(crash.body.position.lon).toBeLessThan(140);

    // pair 3: exactly one paper order for the good news, filled at a price from the feed
    const orders = await app.request('GET', '/trading/orders?ticker=TSLA', { role: 'trading' });
    expect(orders.status).toBe(200);
    const mine = (orders.body.items as Array<{ tweetIds: string[] } & Record<string, unknown>>).filter((o) => o.tweetIds.some((id) => id.startsWith(`${truth.runId}-`)));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ ticker: 'TSLA', side: 'buy', status: 'filled', mode: 'paper', fillPrice: expect.any(Number) });

    // pair 4: the Yamanote disruption with requests at its stations, staffed by the run's vans (never the crashed one)
    const disruptions = await app.request('GET', '/dispatch/disruptions?status=all', { role: 'dispatch' });
    expect(disruptions.status).toBe(200);
    const yamanote = (disruptions.body.items as Array<Record<string, unknown>>).filter((d) => d.lineId === 'jr-yamanote' && (d.startedAt as number) >= truth.clock.simStart);
    expect(yamanote).toHaveLength(1);
    const detail = await app.request('GET', `/dispatch/disruptions/${encodeURIComponent(yamanote[0]!.disruptionId as string)}`, { role: 'dispatch' });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ lineId: 'jr-yamanote', status: 'active', kind: expect.stringMatching(/^(delay|suspension)$/) });
    const requests = detail.body.requests as Array<{ stationId: string; assignments: Array<{ vehicleId: string }> }>;
    expect(requests.length).toBeGreaterThan(0);
    const assigned = requests.flatMap((r) => r.assignments.map((a) => a.vehicleId));
    console.log(`dispatch: ${requests.map((r) => `${r.stationId}←[${r.assignments.map((a) => a.vehicleId).join(',')}]`).join(' ')}`);
    expect(assigned.length).toBeGreaterThan(0);
    expect(assigned.every((v) => fleetVehicles.has(v))).toBe(true);
    expect(assigned).not.toContain(crashedId);
    // never one vehicle to two requests at once
    expect(new Set(assigned).size).toBe(assigned.length);
  });

  it('every record every service produced carries the same headers: correlation id, schema, producer and lineage', async () => {
    const topics = Object.values(TOPICS);
    const all = [...topics, ...topics.map(deadLetterTopicOf)];
    await bus.ensureTopics(topics);
    const records = await resources.collect(bus, all);
    // everything the run produced, read back from the beginning of every topic
    const seen = await expectEventually(() => {
      const telemetry = records.messages.filter((m) => m.topic === TOPICS.machineTelemetry || m.topic === TOPICS.vehicleTelemetry);
      expect(telemetry.length).toBeGreaterThanOrEqual(truth.stats.telemetryAcked);
      for (const t of [TOPICS.maintenanceFindings, TOPICS.vehicleIncidents, TOPICS.marketSignals, TOPICS.transitDisruptions, TOPICS.tweets, TOPICS.prices, TOPICS.devicePresence]) {
        expect(records.messages.some((m) => m.topic === t)).toBe(true);
      }
      return records.messages.length;
    }, { timeoutMs: 30_000 });
    const missing = records.messages
      .filter((m) => REQUIRED_HEADERS.some((h) => !m.headers[h]))
      .map((m) => `${m.topic}#${m.partition}@${m.offset}: ${REQUIRED_HEADERS.filter((h) => !m.headers[h]).join(', ')}`);
    expect({ seen, missing: missing.slice(0, 20) }).toEqual({ seen, missing: [] });
    const wrongSchema = records.messages.filter((m) => m.headers[HEADERS.schema] !== (m.topic.endsWith('.dlq') ? DEAD_LETTER_SCHEMA : m.topic));
    expect(wrongSchema.map((m) => `${m.topic}: ${m.headers[HEADERS.schema]}`)).toEqual([]);
  });
});
