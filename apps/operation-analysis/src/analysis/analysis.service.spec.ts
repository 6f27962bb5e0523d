import { TOPICS, type MachineTelemetryV1, type MaintenanceFindingV1, type WorkOrderClosedV1 } from '@tsunagu/contracts';
import { MachineAnalyser, syntheticSeries, type MachineState, type UtilisationDay } from '@tsunagu/operation-analysis';
import { Metrics, setLogLevel, type IncomingMessage, type MessageBus, type OutgoingMessage } from '@tsunagu/platform';
import type { AnalysisStateRepository } from './analysis-state.repository';
import { AnalysisService } from './analysis.service';

/** An in-memory stand-in for the repository: what a committed transaction leaves behind. */
class FakeRepository {
  offset = -1n;
  states = new Map<string, MachineState>();
  closures: WorkOrderClosedV1[] = [];
  applied: string[] = [];
  days: UtilisationDay[] = [];
  log: string[] = [];

  async transaction<R>(fn: (m: unknown) => Promise<R>): Promise<R> {
    // copy-on-write: a failed transaction leaves nothing
    const snapshot = { offset: this.offset, states: structuredClone(this.states), applied: [...this.applied] };
    try {
      return await fn({});
    } catch (err) {
      Object.assign(this, snapshot);
      throw err;
    }
  }
  async lockOffset(): Promise<bigint> {
    return this.offset;
  }
  async saveOffset(_m: unknown, _t: string, _p: number, offset: string): Promise<void> {
    this.log.push('offset');
    this.offset = BigInt(offset);
  }
  async loadStates(_m: unknown, ids: readonly string[]): Promise<Map<string, MachineState>> {
    return new Map(ids.filter((id) => this.states.has(id)).map((id) => [id, structuredClone(this.states.get(id)!)]));
  }
  async saveStates(_m: unknown, states: readonly MachineState[]): Promise<void> {
    this.log.push('states');
    for (const s of states) this.states.set(s.machineId, structuredClone(s));
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

class FakeBus {
  published: Array<{ topic: string; messages: readonly OutgoingMessage[] }> = [];
  fail = false;
  constructor(private readonly log: string[]) {}
  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.fail) throw new Error('kafka down');
    this.log.push('publish');
    this.published.push({ topic, messages });
  }
}

const T0 = Date.UTC(2026, 10, 29);

function items(readings: MachineTelemetryV1[], firstOffset = 0) {
  return readings.map((value, i) => ({
    value,
    message: { topic: TOPICS.machineTelemetry, partition: 1, offset: String(firstOffset + i), key: value.deviceId, value: Buffer.alloc(0), headers: {}, timestamp: 0 } as IncomingMessage,
  }));
}

describe('AnalysisService', () => {
  let repo: FakeRepository;
  let bus: FakeBus;
  let service: AnalysisService;
  // a sustained coolant excursion from reading 20: one limit finding
  const readings = syntheticSeries({ deviceId: 'exc-9', model: 'excavator-20t', startTs: T0, count: 60, values: (i) => ({ coolantTempC: i >= 20 ? 108 : 88 }) });
  const findingsOf = () => bus.published.flatMap((p) => p.messages.map((m) => JSON.parse(String(m.value)) as MaintenanceFindingV1));

  beforeAll(() => setLogLevel('silent'));

  beforeEach(() => {
    repo = new FakeRepository();
    bus = new FakeBus(repo.log);
    service = new AnalysisService(repo as unknown as AnalysisStateRepository, new MachineAnalyser(), bus as unknown as MessageBus, new Metrics('test', { defaults: false }));
  });

  it('publishes the findings of a batch in one call, before the state and offset are written', async () => {
    const result = await service.processBatch(TOPICS.machineTelemetry, 1, items(readings));
    expect(result).toEqual({ analysed: 60, skipped: 0, findings: 1 });
    expect(bus.published).toHaveLength(1);
    expect(bus.published[0]!.topic).toBe(TOPICS.maintenanceFindings);
    expect(bus.published[0]!.messages[0]!.key).toBe('exc-9');
    expect(repo.log).toEqual(['publish', 'states', 'offset']);
    expect(repo.offset).toBe(59n);
    expect(findingsOf()[0]).toMatchObject({ kind: 'limit-crossed', origin: { partition: 1, fromOffset: '20' } });
  });

  it('skips what was committed before a restart, and re-emits the same finding ids when a batch is replayed', async () => {
    await service.processBatch(TOPICS.machineTelemetry, 1, items(readings.slice(0, 30)));
    const first = findingsOf().map((f) => f.findingId);
    // the offset commit to Kafka was lost: the whole range comes again, plus the rest
    const result = await service.processBatch(TOPICS.machineTelemetry, 1, items(readings));
    expect(result).toEqual({ analysed: 30, skipped: 30, findings: 0 });
    expect(findingsOf().map((f) => f.findingId)).toEqual(first);

    // a crash after publishing but before the commit: the replay emits the same ids
    const other = new FakeRepository();
    const otherBus = new FakeBus(other.log);
    const again = new AnalysisService(other as unknown as AnalysisStateRepository, new MachineAnalyser(), otherBus as unknown as MessageBus, new Metrics('t2', { defaults: false }));
    await again.processBatch(TOPICS.machineTelemetry, 1, items(readings.slice(0, 30)));
    expect(otherBus.published.flatMap((p) => p.messages.map((m) => JSON.parse(String(m.value)).findingId))).toEqual(first);
  });

  it('changes nothing when the findings cannot be published', async () => {
    bus.fail = true;
    await expect(service.processBatch(TOPICS.machineTelemetry, 1, items(readings))).rejects.toThrow('kafka down');
    expect(repo.offset).toBe(-1n);
    expect(repo.states.size).toBe(0);
  });

  it('applies a work-order closure before the next readings, so a persisting problem is reported again', async () => {
    await service.processBatch(TOPICS.machineTelemetry, 1, items(readings.slice(0, 40)));
    expect(findingsOf()).toHaveLength(1);
    repo.closures.push({ workOrderId: 'wo-1', machineId: 'exc-9', dedupKey: 'exc-9:coolant', status: 'done', closedAt: T0, closedBy: 'sato' });
    await service.processBatch(TOPICS.machineTelemetry, 1, items(readings.slice(40), 40));
    expect(repo.applied).toEqual(['wo-1']);
    const limit = findingsOf().filter((f) => f.kind === 'limit-crossed');
    expect(limit).toHaveLength(2);
    expect(limit[1]!.findingId).not.toBe(limit[0]!.findingId);
  });

  it('writes the utilisation of the touched machines', async () => {
    await service.processBatch(TOPICS.machineTelemetry, 1, items(readings));
    expect(repo.days.at(-1)).toMatchObject({ machineId: 'exc-9', day: '2026-11-29', workingSec: 59 * 5 });
  });
});
