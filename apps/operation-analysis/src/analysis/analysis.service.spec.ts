import { TOPICS, type MachineTelemetryV1, type MaintenanceFindingV1, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import { MachineAnalyser, syntheticSeries, type MachineState, type UtilisationDay } from '@tsunagu/operation-analysis';
import { causeOf, Metrics, setLogLevel, VersionedStateRows, type AlarmRulesService, type Delivery, type IncomingMessage, type PublishRecord, type Tx } from '@tsunagu/platform';
import type { AnalysisStateRepository } from './analysis-state.repository';
import { AnalysisService } from './analysis.service';

/** An in-memory stand-in for the repository: what committed transactions left behind, with versions from one sequence. */
class FakeRepository extends VersionedStateRows<MachineState> {
  closures: WorkOrderClosedV1[] = [];
  applied: string[] = [];
  days: UtilisationDay[] = [];
  constructor() {
    super((s) => s.machineId);
  }
  async pendingClosures(): Promise<WorkOrderClosedV1[]> {
    return this.closures.filter((c) => !this.applied.includes(c.workOrderId));
  }
  async markClosuresApplied(_m: unknown, ids: readonly string[]): Promise<void> {
    this.applied.push(...ids);
  }
  async saveUtilisation(_m: unknown, days: readonly UtilisationDay[]): Promise<void> {
    this.days.push(...days);
  }
}

/** The transaction as the service sees it: what it publishes is staged for the outbox. */
class FakeTx {
  published: Array<{ topic: string; record: PublishRecord<typeof TOPICS.maintenanceFindings> }> = [];
  publish(topic: string, records: ReadonlyArray<PublishRecord<typeof TOPICS.maintenanceFindings>>): void {
    this.published.push(...records.map((record) => ({ topic, record })));
  }
}

const T0 = Date.UTC(2026, 10, 29);

/** The catalogue as shipped: no operator overrides to load. */
const NO_OVERRIDES = { ready: async () => undefined } as unknown as AlarmRulesService;

function deliveries(readings: MachineTelemetryV1[], firstOffset = 0): Array<Delivery<MachineTelemetryV1>> {
  return readings.map((value, i) => {
    const message = { topic: TOPICS.machineTelemetry, partition: 1, offset: String(firstOffset + i), key: value.deviceId, value: Buffer.alloc(0), headers: {}, timestamp: 0 } as IncomingMessage;
    return { value, message, cause: causeOf(message), prepared: undefined };
  });
}

describe('AnalysisService', () => {
  let repo: FakeRepository;
  let tx: FakeTx;
  let service: AnalysisService;
  // a sustained coolant excursion from reading 20: one limit finding
  const readings = syntheticSeries({ deviceId: 'exc-9', model: 'excavator-20t', startTs: T0, count: 60, values: (i) => ({ coolantTempC: i >= 20 ? 108 : 88 }) });
  const findingsOf = (t: FakeTx = tx) => t.published.map((p) => p.record.value as MaintenanceFindingV1);
  const serviceOn = (r: FakeRepository) => new AnalysisService(r as unknown as AnalysisStateRepository, new MachineAnalyser(), NO_OVERRIDES, new Metrics('test', { defaults: false }));

  beforeAll(() => setLogLevel('silent'));

  beforeEach(() => {
    repo = new FakeRepository();
    tx = new FakeTx();
    service = serviceOn(repo);
  });

  it('publishes the findings of a batch through the transaction, each caused by the reading that completed it', async () => {
    const result = await service.apply(tx as unknown as Tx, deliveries(readings));
    expect(result).toEqual({ analysed: 60, duplicates: 0, findings: 1 });
    expect(tx.published).toHaveLength(1);
    expect(tx.published[0]!.topic).toBe(TOPICS.maintenanceFindings);
    expect(findingsOf()[0]).toMatchObject({ kind: 'limit-crossed', subjectId: 'exc-9', origin: { partition: 1, fromOffset: '20' } });
    const cause = tx.published[0]!.record.cause!;
    expect(cause).toMatchObject({ topic: TOPICS.machineTelemetry, partition: 1 });
    expect(Number(cause.offset)).toBeGreaterThanOrEqual(20);
  });

  it('re-derives the same finding ids when a batch is replayed from the committed state', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(0, 30)));
    const first = findingsOf().map((f) => f.findingId);
    expect(first).toHaveLength(1);
    // a crash after the commit but before the outbox relay, or a second instance: the same input gives the same ids
    const otherTx = new FakeTx();
    await serviceOn(new FakeRepository()).apply(otherTx as unknown as Tx, deliveries(readings.slice(0, 30)));
    expect(findingsOf(otherTx).map((f) => f.findingId)).toEqual(first);
  });

  it('counts a reading with a sequence number seen before as a duplicate', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(0, 10)));
    const again = await service.apply(new FakeTx() as unknown as Tx, deliveries(readings.slice(5, 10), 100));
    expect(again).toEqual({ analysed: 0, duplicates: 5, findings: 0 });
  });

  it('applies a work-order closure before the next readings, so a persisting problem is reported again', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(0, 40)));
    expect(findingsOf()).toHaveLength(1);
    repo.closures.push({ workOrderId: 'wo-1', machineId: 'exc-9', dedupKey: 'exc-9:coolant', status: 'done', closedAt: T0, closedBy: 'sato' });
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(40), 40));
    expect(repo.applied).toEqual(['wo-1']);
    const limit = findingsOf().filter((f) => f.kind === 'limit-crossed');
    expect(limit).toHaveLength(2);
    expect(limit[1]!.findingId).not.toBe(limit[0]!.findingId);
  });

  it('reads a state back only when the stored version is not the one it wrote', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(0, 10)));
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(10, 20), 10));
    expect(repo.fullLoads).toBe(0);
    // another instance wrote the machine meanwhile (a rebalance): its state is read, not the cached one
    const other = serviceOn(repo);
    await other.apply(new FakeTx() as unknown as Tx, deliveries(readings.slice(20, 30), 20));
    expect(repo.fullLoads).toBe(1);
    const again = await service.apply(new FakeTx() as unknown as Tx, deliveries(readings.slice(20, 30), 20));
    expect(repo.fullLoads).toBe(2);
    expect(again).toEqual({ analysed: 0, duplicates: 10, findings: 0 });
  });

  it('does not keep a state a failed batch may have changed half-way', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings.slice(0, 10)));
    const failing = new FakeTx();
    failing.publish = () => {
      throw new Error('outbox refused');
    };
    await expect(service.apply(failing as unknown as Tx, deliveries(readings.slice(10, 20), 10))).rejects.toThrow('outbox refused');
    // the transaction rolled back: the committed state (10 readings) is the truth, read again
    const retried = await service.apply(new FakeTx() as unknown as Tx, deliveries(readings.slice(10, 20), 10));
    expect(retried).toEqual({ analysed: 10, duplicates: 0, findings: 0 });
    expect(repo.fullLoads).toBe(1);
  });

  it('writes the utilisation of the touched machines', async () => {
    await service.apply(tx as unknown as Tx, deliveries(readings));
    expect(repo.days.at(-1)).toMatchObject({ machineId: 'exc-9', day: '2026-11-29', workingSec: 59 * 5 });
  });
});
