/**
 * The proof from the records for a fleet of devices (machines or vehicles), once it
 * has published everything: each PUBACKed reading on the bus, each device's stored
 * analysis state equal to the pure analysis over its readings once and in order,
 * and exactly the system-of-record entries its known episodes call for (work
 * orders by component, call-centre cases by kind), none twice.
 */
import type { DevicePublisher, Fleet, Sequenced } from './chaos-fleet';
import { until } from './chaos-probes';

export interface PartResult {
  readonly devices: number;
  readonly readings: number;
  readonly acked: number;
  readonly resent: number;
  readonly reconnects: number;
  /** PUBACKed readings found on the bus (Kafka, or the PostgreSQL log in single-process mode) */
  readonly onBus: number;
  readonly missingOnBus: number;
  /** records of a reading beyond its first on the bus (device resends after a lost PUBACK) */
  readonly busDuplicates: number;
  /** devices whose analysis state equals the pure analysis over the readings, each once and in order */
  readonly analysedExactlyOnce: number;
  /** fault episodes in the readings: the system-of-record entries expected */
  readonly episodes: number;
  /** entries in the system of record (work orders, cases) */
  readonly records: number;
  readonly missingRecords: number;
  /** entries beyond one per episode, or for no episode */
  readonly duplicateRecords: number;
  readonly ok: boolean;
}

export interface Verification<R extends Sequenced> {
  /** the seqs of a device's records on the bus, every delivery */
  readonly onBus: (deviceId: string) => Promise<number[]>;
  /** the stored analysis state's fingerprint once it has taken the device's last reading, else undefined */
  readonly analysed: (m: DevicePublisher<R>) => Promise<string | undefined>;
  /** the fingerprint of the pure analysis over the device's readings, each once and in order */
  readonly pure: (m: DevicePublisher<R>) => string;
  /** the system-of-record entries the device's episodes call for (one name each, sorted) */
  readonly expected: (m: DevicePublisher<R>) => string[];
  /** the entries the system of record holds for the device (names, sorted) */
  readonly records: (deviceId: string) => Promise<string[]>;
}

const WAIT_MS = 120_000;

export async function verifyPart<R extends Sequenced>(label: string, fleet: Fleet<DevicePublisher<R>>, v: Verification<R>, log: (l: string) => void): Promise<PartResult> {
  let onBus = 0;
  let missing = 0;
  let dups = 0;
  let exactlyOnce = 0;
  let episodes = 0;
  let records = 0;
  let missingRecords = 0;
  let dupRecords = 0;
  for (const m of fleet.devices) {
    const id = m.device.deviceId;
    const seqs = await until(`${id} on the bus`, async () => {
      const s = await v.onBus(id);
      return [...m.acked].every((q) => s.includes(q)) ? s : undefined;
    }, WAIT_MS).catch(async () => v.onBus(id));
    const distinct = new Set(seqs);
    onBus += [...m.acked].filter((q) => distinct.has(q)).length;
    missing += [...m.acked].filter((q) => !distinct.has(q)).length;
    dups += seqs.length - distinct.size;
    const state = await until(`${id} analysed`, () => v.analysed(m), WAIT_MS).catch(() => null);
    if (state === v.pure(m)) exactlyOnce++;
    const expected = v.expected(m);
    episodes += expected.length;
    // entries come after the findings' outbox relay: wait until they are all there, then look for extras
    const got = await until(`${id} records`, async () => {
      const w = await v.records(id);
      return expected.every((c) => w.includes(c)) ? w : undefined;
    }, WAIT_MS).catch(() => v.records(id));
    records += got.length;
    missingRecords += expected.filter((c) => !got.includes(c)).length;
    dupRecords += got.length - new Set(got).size + got.filter((c) => !expected.includes(c)).length;
  }
  const part: PartResult = {
    devices: fleet.devices.length,
    readings: fleet.total,
    acked: fleet.acked,
    resent: fleet.devices.reduce((n, m) => n + m.resent, 0),
    reconnects: fleet.devices.reduce((n, m) => n + m.reconnects, 0),
    onBus,
    missingOnBus: missing,
    busDuplicates: dups,
    analysedExactlyOnce: exactlyOnce,
    episodes,
    records,
    missingRecords,
    duplicateRecords: dupRecords,
    ok: fleet.acked === fleet.total && missing === 0 && exactlyOnce === fleet.devices.length && missingRecords === 0 && dupRecords === 0,
  };
  log(`verified ${label}: ${JSON.stringify(part)}`);
  return part;
}
