import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import { deviceTopic } from '@tsunagu/contracts';
import { hashSeed } from '../random';
import { MACHINE_MODEL_IDS } from '../models/catalogue';
import { MachineModel } from '../models/machine.model';
import type { PlatformApiClient, ProvisionedDevice } from '../platform/platform-api.client';
import { LatencyRecorder } from './latency-recorder';
import { checkLoadTarget } from './load-target';

export interface LoadOptions {
  readonly mqttUrl: string;
  /** allow a non-loopback target (never the default) */
  readonly allowRemote?: boolean;
  readonly caFile?: string;
  /** provisions the load devices (admin token); or give `credentials` */
  readonly api?: PlatformApiClient;
  readonly credentials?: readonly ProvisionedDevice[];
  /** simulated devices, one MQTT connection each */
  readonly devices: number;
  /** messages per second to reach */
  readonly targetRate: number;
  /** seconds to ramp from 0 to the target */
  readonly rampSec: number;
  /** stop after this many seconds … */
  readonly durationSec?: number;
  /** … or after this many messages (whichever first; at least one bound is required) */
  readonly count?: number;
  /** unacked messages per connection before it is skipped (backpressure) */
  readonly maxInFlightPerDevice?: number;
  /** ms to wait for the last PUBACKs at the end */
  readonly settleMs?: number;
  readonly runId?: string;
  /** writes the live progress line (default: stderr, rewritten in place on a TTY) */
  readonly progress?: (line: string, final: boolean) => void;
  readonly progressIntervalMs?: number;
  readonly signal?: AbortSignal;
  /**
   * What each device publishes: called once per connected device, then once per
   * reading with the wall clock (default: the machine model at wall-clock time,
   * `seq` counting from 1 in this run).
   */
  readonly source?: ReadingSource;
}

/** Makes a device's reading function; the function returns the payload (with its own `seq`) of the next reading. */
export type ReadingSource = (device: { readonly deviceId: string; readonly index: number }) => (now: number) => Record<string, unknown>;

/** The default source: each device a machine model of the catalogue, read at wall-clock time. */
const modelSource: ReadingSource = ({ deviceId, index }) => {
  const model = new MachineModel({ model: MACHINE_MODEL_IDS[index % MACHINE_MODEL_IDS.length]!, seed: hashSeed(deviceId), startAt: Date.now(), shifts: false });
  let seq = 0;
  return (now) => ({ ...model.read(now), seq: ++seq });
};

export interface LoadReport {
  readonly url: string;
  readonly runId: string;
  readonly target: { readonly ratePerSec: number; readonly devices: number; readonly rampSec: number; readonly durationSec: number | null; readonly count: number | null };
  readonly devices: { readonly connected: number; readonly failedToConnect: number };
  readonly totals: { readonly sent: number; readonly acked: number; readonly errors: number; readonly throttled: number; readonly unacked: number };
  /** what the first errors said (at most five distinct messages, with how often each came) */
  readonly errorKinds: Readonly<Record<string, number>>;
  readonly achieved: {
    /** mean acked msg/s over the whole seconds after the ramp */
    readonly steadyAckedPerSec: number;
    readonly steadySentPerSec: number;
    readonly peakAckedPerSec: number;
    /** whole seconds in the steady window */
    readonly steadySeconds: number;
  };
  readonly latencyMs: { readonly p50: number | null; readonly p90: number | null; readonly p99: number | null; readonly max: number; readonly samples: number };
  readonly startedAt: string;
  readonly endedAt: string;
  readonly elapsedSec: number;
}

interface Conn {
  readonly deviceId: string;
  readonly client: MqttClient;
  readonly next: (now: number) => Record<string, unknown>;
  inFlight: number;
}

const TICK_MS = 10;

/**
 * Load mode: N devices (own credentials, own connection) publish machine telemetry
 * at QoS 1, ramping to a target rate, until a duration or a count is reached. A
 * single progress line shows connected devices, msg/s sent and acked, errors and
 * latency (publish → PUBACK) p50/p99; the result is a JSON report.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  checkLoadTarget(options.mqttUrl, options.allowRemote ?? false);
  if (!options.durationSec && !options.count) throw new RangeError('load mode needs a bound: durationSec or count');
  if (!(options.targetRate > 0)) throw new RangeError('targetRate must be positive');
  const runId = options.runId ?? `load-${randomBytes(3).toString('hex')}`;
  const progress = options.progress ?? stderrProgress();
  const ca = options.caFile ? fs.readFileSync(options.caFile) : undefined;

  const creds = options.credentials ?? (await provisionLoadDevices(options.api, options.devices, runId));
  const counters = { sent: 0, acked: 0, errors: 0, throttled: 0 };
  const errorKinds: Record<string, number> = {};
  const failed = (err: Error | string) => {
    counters.errors += 1;
    const what = typeof err === 'string' ? err : err.message;
    if (what in errorKinds || Object.keys(errorKinds).length < 5) errorKinds[what] = (errorKinds[what] ?? 0) + 1;
  };
  const latency = new LatencyRecorder();
  const windowLatency = new LatencyRecorder(50_000);
  const conns: Conn[] = [];
  let failedToConnect = 0;
  await Promise.all(
    creds.map(async (c, i) => {
      try {
        const client = await mqtt.connectAsync(options.mqttUrl, {
          clientId: c.deviceId,
          username: c.deviceId,
          password: c.password,
          clean: true,
          reconnectPeriod: 2000,
          connectTimeout: 10_000,
          ca,
        });
        client.on('error', failed);
        conns.push({ deviceId: c.deviceId, client, next: (options.source ?? modelSource)({ deviceId: c.deviceId, index: i }), inFlight: 0 });
      } catch (err) {
        failedToConnect += 1;
        failed(`connect: ${(err as Error).message}`);
      }
    }),
  );

  const start = Date.now();
  const startedAt = new Date(start).toISOString();
  const durationMs = options.durationSec ? options.durationSec * 1000 : Number.POSITIVE_INFINITY;
  const count = options.count ?? Number.POSITIVE_INFINITY;
  const maxInFlight = options.maxInFlightPerDevice ?? 1000;
  const rampMs = Math.max(0, options.rampSec * 1000);
  const sentPerSec: number[] = [];
  const ackedPerSec: number[] = [];
  const bump = (arr: number[], at: number) => {
    const s = Math.floor((at - start) / 1000);
    arr[s] = (arr[s] ?? 0) + 1;
  };
  let credit = 0;
  let rr = 0;
  let lastTick = start;
  let lastProgress = start;
  let lastCounts = { sent: 0, acked: 0, at: start };

  const progressLine = (now: number, final: boolean) => {
    const dt = Math.max(1, now - lastCounts.at) / 1000;
    const line =
      `[load ${runId}] ${((now - start) / 1000).toFixed(1)}s  devices ${conns.filter((c) => c.client.connected).length}/${options.devices}` +
      `  sent ${Math.round((counters.sent - lastCounts.sent) / dt)}/s  acked ${Math.round((counters.acked - lastCounts.acked) / dt)}/s` +
      `  (target ${Math.round(currentRate(now))}/s)  errors ${counters.errors}` +
      `  p50 ${fmt(windowLatency.percentile(50))}  p99 ${fmt(windowLatency.percentile(99))}  total ${counters.acked}/${counters.sent}`;
    lastCounts = { sent: counters.sent, acked: counters.acked, at: now };
    windowLatency.reset();
    progress(line, final);
  };
  const currentRate = (now: number) => (rampMs > 0 ? options.targetRate * Math.min(1, (now - start) / rampMs) : options.targetRate);

  const publishOne = (conn: Conn) => {
    conn.inFlight += 1;
    counters.sent += 1;
    const sentAt = performance.now();
    const now = Date.now();
    bump(sentPerSec, now);
    const payload = JSON.stringify(conn.next(now));
    conn.client.publish(deviceTopic(conn.deviceId, 'telemetry'), payload, { qos: 1 }, (err) => {
      conn.inFlight -= 1;
      if (err) {
        failed(`publish: ${err.message}`);
        return;
      }
      counters.acked += 1;
      bump(ackedPerSec, Date.now());
      const ms = performance.now() - sentAt;
      latency.record(ms);
      windowLatency.record(ms);
    });
  };

  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = Date.now();
      const done = now - start >= durationMs || counters.sent >= count || options.signal?.aborted || conns.length === 0;
      if (done) {
        clearInterval(timer);
        return resolve();
      }
      credit += (currentRate(now) * (now - lastTick)) / 1000;
      lastTick = now;
      let due = Math.min(Math.floor(credit), count - counters.sent);
      credit -= Math.floor(credit);
      let skipped = 0;
      while (due > 0 && skipped < conns.length) {
        const conn = conns[rr++ % conns.length]!;
        if (!conn.client.connected || conn.inFlight >= maxInFlight) {
          skipped += 1;
          continue;
        }
        skipped = 0;
        publishOne(conn);
        due -= 1;
      }
      counters.throttled += Math.max(0, due);
      if (now - lastProgress >= (options.progressIntervalMs ?? 1000)) {
        lastProgress = now;
        progressLine(now, false);
      }
    }, TICK_MS);
  });
  const stopAt = Date.now();

  // the last PUBACKs
  const settleUntil = Date.now() + (options.settleMs ?? 10_000);
  while (counters.acked + counters.errors < counters.sent && Date.now() < settleUntil) await new Promise((r) => setTimeout(r, 20));
  progressLine(Date.now(), true);
  // a client with PUBACKs still owed after the settle would wait for them for ever (mqtt.js ends gracefully only
  // once its in-flight store is empty): those are reported as unacked and closed at once
  await Promise.all(conns.map((c) => c.client.endAsync(c.inFlight > 0).catch(() => undefined)));

  // steady window: whole seconds after the ramp, before the stop
  const from = Math.ceil(rampMs / 1000);
  const to = Math.floor((stopAt - start) / 1000); // exclusive: the last partial second
  const steadySeconds = Math.max(0, to - from);
  const sumRange = (arr: number[]) => arr.slice(from, to).reduce((s, x) => s + (x ?? 0), 0);
  return {
    url: options.mqttUrl,
    runId,
    target: { ratePerSec: options.targetRate, devices: options.devices, rampSec: options.rampSec, durationSec: options.durationSec ?? null, count: options.count ?? null },
    devices: { connected: conns.length, failedToConnect },
    totals: { ...counters, unacked: counters.sent - counters.acked },
    errorKinds,
    achieved: {
      steadyAckedPerSec: steadySeconds > 0 ? round1(sumRange(ackedPerSec) / steadySeconds) : 0,
      steadySentPerSec: steadySeconds > 0 ? round1(sumRange(sentPerSec) / steadySeconds) : 0,
      peakAckedPerSec: Math.max(0, ...ackedPerSec.map((x) => x ?? 0)),
      steadySeconds,
    },
    latencyMs: {
      p50: round2(latency.percentile(50)),
      p90: round2(latency.percentile(90)),
      p99: round2(latency.percentile(99)),
      max: round2(latency.max) ?? 0,
      samples: latency.count,
    },
    startedAt,
    endedAt: new Date().toISOString(),
    elapsedSec: round1((Date.now() - start) / 1000),
  };
}

/** Provisions `devices` machines through the API (eight at a time), the catalogue's models in turn: `<runId>-d<i>`. */
export async function provisionLoadDevices(api: PlatformApiClient | undefined, devices: number, runId: string): Promise<ProvisionedDevice[]> {
  if (!api) throw new RangeError('load mode needs an API client to provision devices, or ready credentials');
  const out: ProvisionedDevice[] = [];
  let next = 0;
  const worker = async () => {
    while (next < devices) {
      const i = next++;
      out[i] = await api.provisionDevice({ kind: 'machine', model: MACHINE_MODEL_IDS[i % MACHINE_MODEL_IDS.length]!, deviceId: `${runId}-d${i}` });
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, devices) }, worker));
  return out;
}

function stderrProgress(): (line: string, final: boolean) => void {
  const tty = process.stderr.isTTY;
  return (line, final) => {
    if (tty) process.stderr.write(`\r\x1b[K${line}${final ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}

function fmt(ms: number | null): string {
  return ms === null ? '-' : `${ms.toFixed(1)}ms`;
}
function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
function round2(x: number | null): number | null {
  return x === null ? null : Math.round(x * 100) / 100;
}
