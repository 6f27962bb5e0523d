/**
 * The end-to-end bench's load generator, run as its own process (it must not share an
 * event loop with what it measures): the simulators' load mode (`runLoad`) with a
 * reading source whose devices run known coolant faults, step after step on the same
 * devices as the bench asks for them.
 *
 * Input: argv[2], JSON { mqttUrl, apiUrl?, token?, devices, runId, faultEvery, window }; without
 * apiUrl the devices get made-up credentials (a broker that checks none: bare aedes).
 * Then one JSON line per step on stdin, { rate, seconds, rampSec }; `end` (or EOF) stops.
 * Output, one JSON line each on stdout:
 *   { type: 'ready', devices }                            provisioned and waiting
 *   { type: 'trigger', findingId, at }                    a reading that must open a finding was published (epoch ms)
 *   { type: 'step', report, cpuMs }                       a step's LoadReport and this process's CPU during it
 * The load mode's progress line goes to stderr once a second.
 */
import * as readline from 'node:readline';
import { loadMachineCatalogue } from '@tsunagu/operation-analysis';
import { runLoad, provisionLoadDevices, type ReadingSource } from '../../simulators/src/load/load-runner';
import { MachineModel } from '../../simulators/src/models/machine.model';
import { MACHINE_MODEL_IDS } from '../../simulators/src/models/catalogue';
import { PlatformApiClient, type ProvisionedDevice } from '../../simulators/src/platform/platform-api.client';
import { hashSeed } from '../../simulators/src/random';

interface Input {
  mqttUrl: string;
  apiUrl?: string;
  token?: string;
  devices: number;
  runId: string;
  faultEvery: number;
  /** unacknowledged readings per device at most (beyond it the device skips its turn: the rate is not reached) */
  window: number;
}

/** Reading time between two readings of a device (the readings carry their own clock, far faster than the wall's). */
export const READING_STEP_MS = 1000;
const DAY_MS = 86_400_000;
/** Readings over the limit beyond the minimum duration (so the excursion is reported once, then ends). */
const EPISODE_EXTRA = 5;

/**
 * Machine readings on their own clock (from a UTC midnight two days back, one reading
 * a second, so a run never stamps a reading ahead of the platform's clock), the machine
 * model's physics with a coolant excursion every `faultEvery` readings of each device (at
 * a phase of its own): midway between the model's coolant limit and its critical value,
 * in the working state, `minDurationSec` + 5 readings long. The reading that completes
 * the minimum duration is the one operation analysis reports; `onTrigger` gets the id of
 * the finding it must raise (`<machine>:coolantTempC:limit:<ts of the first reading over>:<severity>`,
 * the analyser's own id scheme) and the wall time it was published.
 */
export function faultSource(faultEvery: number, onTrigger: (findingId: string, at: number) => void, startTs = Math.floor(Date.now() / DAY_MS) * DAY_MS - 2 * DAY_MS): ReadingSource {
  const catalogue = loadMachineCatalogue();
  return ({ deviceId, index }) => {
    const modelId = MACHINE_MODEL_IDS[index % MACHINE_MODEL_IDS.length]!;
    const { limit, component } = coolantOf(catalogue, modelId);
    const model = new MachineModel({ model: modelId, seed: hashSeed(deviceId), startAt: startTs, shifts: false });
    const over = limit.value + ((limit.critical ?? limit.value + 2 * limit.hysteresis) - limit.value) / 2;
    const episode = limit.minDurationSec + EPISODE_EXTRA;
    if (episode >= faultEvery / 2) throw new RangeError(`faultEvery ${faultEvery} leaves no normal readings between ${component} episodes of ${episode}`);
    const phase = hashSeed(`${deviceId}:phase`) % faultEvery;
    let n = 0;
    return () => {
      const ts = startTs + n * READING_STEP_MS;
      const reading: Record<string, unknown> = { ...model.read(ts), seq: n + 1 };
      const k = (n + phase) % faultEvery;
      if (k < episode) {
        reading.coolantTempC = over;
        reading.engineState = 'working';
        // an episode under way when the device's first reading came has no known start
        if (k === limit.minDurationSec && n >= k) onTrigger(`${deviceId}:coolantTempC:limit:${ts - k * READING_STEP_MS}:${limit.severity}`, Date.now());
      }
      n++;
      return reading;
    };
  };
}

function coolantOf(catalogue: ReturnType<typeof loadMachineCatalogue>, modelId: string) {
  const spec = catalogue.modelFor(modelId).metrics.coolantTempC;
  if (!spec) throw new RangeError(`machine model ${modelId} has no coolant limit`);
  return { limit: spec.limit, component: spec.component };
}

const out = (line: object): boolean => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]!) as Input;
  const credentials: ProvisionedDevice[] = input.apiUrl
    ? await provisionLoadDevices(new PlatformApiClient({ baseUrl: input.apiUrl, token: input.token ?? '' }), input.devices, input.runId)
    : Array.from({ length: input.devices }, (_, i) => ({ deviceId: `${input.runId}-d${i}`, password: 'unused', kind: 'machine', model: MACHINE_MODEL_IDS[0]! }));
  // one reading function per device for the whole run: its clock and episodes go on from step to step
  const perDevice = new Map<string, (now: number) => Record<string, unknown>>();
  const source = faultSource(input.faultEvery, (findingId, at) => out({ type: 'trigger', findingId, at }));
  const kept: ReadingSource = (d) => {
    let next = perDevice.get(d.deviceId);
    if (!next) perDevice.set(d.deviceId, (next = source(d)));
    return next;
  };
  out({ type: 'ready', devices: credentials.length });
  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (line.trim() === 'end') break;
    const step = JSON.parse(line) as { rate: number; seconds: number; rampSec?: number };
    const cpu = process.cpuUsage();
    const report = await runLoad({
      mqttUrl: input.mqttUrl,
      credentials,
      devices: credentials.length,
      targetRate: step.rate,
      rampSec: step.rampSec ?? 0,
      durationSec: step.seconds,
      settleMs: 5000,
      maxInFlightPerDevice: input.window,
      runId: input.runId,
      source: kept,
      progress: (l) => process.stderr.write(`${l}\n`),
    });
    const used = process.cpuUsage(cpu);
    out({ type: 'step', report, cpuMs: Math.round((used.user + used.system) / 1000) });
  }
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: Error) => {
      process.stderr.write(`e2e load generator failed: ${err.stack ?? err.message}\n`);
      process.exit(1);
    },
  );
}
