import * as path from 'node:path';
import { DeviceAgent, standardCommandHandler, type DeviceAgentStats } from '@tsunagu/device-agent';
import { createLogger, type Logger } from '@tsunagu/platform/logging/logger';
import { hashSeed } from '../random';
import { SITES } from '../models/catalogue';
import { MachineModel } from '../models/machine.model';
import { VehicleModel } from '../models/vehicle.model';
import type { PlatformApiClient } from '../platform/platform-api.client';

export type FleetDeviceKind = 'machine' | 'vehicle' | 'tweet-source';

export interface FleetDeviceSpec {
  /** scenario reference, e.g. `machine:0`, `vehicle:2`, `tweets` */
  readonly ref: string;
  readonly kind: FleetDeviceKind;
  readonly model: string;
  readonly deviceId: string;
  readonly site?: string;
}

export interface FleetDevice {
  readonly spec: FleetDeviceSpec;
  readonly agent: DeviceAgent;
  readonly machine?: MachineModel;
  readonly vehicle?: VehicleModel;
  /** the last reading it queued (what commands answer from) */
  latest?: Record<string, unknown>;
}

export interface FleetOptions {
  readonly mqttUrl: string;
  readonly api: PlatformApiClient;
  readonly caFile?: string;
  /** disk outboxes under `<dataDir>/outbox/<deviceId>/`; omitted: in-memory outboxes */
  readonly dataDir?: string;
  readonly seed: number;
  /** simulated epoch ms of the first reading */
  readonly simStart: number;
  readonly shifts?: boolean;
  /** devices provisioned at once */
  readonly provisionConcurrency?: number;
  readonly logger?: Logger;
}

export interface FleetStats {
  readonly devices: number;
  readonly connected: number;
  readonly sent: number;
  readonly acked: number;
  readonly pending: number;
  readonly dropped: number;
}

/**
 * Simulated devices, each provisioned through the platform's REST API and holding its
 * own MQTT connection (a device agent with its own credentials) and physical model.
 */
export class Fleet {
  private constructor(readonly devices: readonly FleetDevice[]) {}

  static async provision(specs: readonly FleetDeviceSpec[], options: FleetOptions): Promise<Fleet> {
    const log = options.logger ?? createLogger('simulators.fleet');
    const devices: FleetDevice[] = new Array(specs.length);
    const concurrency = options.provisionConcurrency ?? 8;
    let next = 0;
    let failed = false;
    async function worker(): Promise<void> {
      while (!failed && next < specs.length) {
        const i = next++;
        const spec = specs[i]!;
        const creds = await options.api.provisionDevice({ kind: spec.kind, model: spec.model, deviceId: spec.deviceId, site: spec.site });
        const agent = new DeviceAgent({
          url: options.mqttUrl,
          deviceId: creds.deviceId,
          password: creds.password,
          caFile: options.caFile,
          dataDir: options.dataDir ? path.join(options.dataDir, 'outbox') : undefined,
          logger: log,
        });
        const seed = options.seed ^ hashSeed(spec.ref);
        const site = SITES.find((s) => s.id === spec.site);
        devices[i] = {
          spec: { ...spec, deviceId: creds.deviceId },
          agent,
          machine:
            spec.kind === 'machine'
              ? new MachineModel({ model: spec.model, seed, startAt: options.simStart, site, shifts: options.shifts })
              : undefined,
          vehicle: spec.kind === 'vehicle' ? new VehicleModel({ model: spec.model, seed, startAt: options.simStart }) : undefined,
        };
        const device = devices[i];
        // the simulated device answers commands from its model's latest reading; it reports on the fleet's clock
        agent.handleCommands(standardCommandHandler({ latest: () => device.latest, stats: () => ({ ...agent.stats() }) }));
        agent.on('desired', () => agent.reportState({ model: spec.model }));
        await agent.start();
      }
    }
    const outcomes = await Promise.allSettled(
      Array.from({ length: Math.min(concurrency, specs.length) }, () =>
        worker().catch((err: unknown) => {
          failed = true;
          throw err;
        }),
      ),
    );
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) {
      // do not leave the devices provisioned so far connected
      await Promise.all(devices.filter(Boolean).map((d) => d.agent.stop({ abrupt: true })));
      throw failure.reason;
    }
    log.info('fleet provisioned', { devices: devices.length });
    return new Fleet(devices);
  }

  byRef(ref: string): FleetDevice | undefined {
    return this.devices.find((d) => d.spec.ref === ref);
  }

  /** Reads every model at simulated time `simNow` and queues the readings; returns how many. */
  tick(simNow: number): number {
    let n = 0;
    for (const d of this.devices) {
      if (d.machine) {
        d.latest = d.machine.read(simNow) as unknown as Record<string, unknown>;
        d.agent.publishTelemetry(d.latest);
        n += 1;
      } else if (d.vehicle) {
        for (const r of d.vehicle.read(simNow)) {
          d.latest = r as unknown as Record<string, unknown>;
          d.agent.publishTelemetry(r);
          n += 1;
        }
      }
    }
    return n;
  }

  async waitConnected(timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(this.devices.map((d) => d.agent.waitConnected(timeoutMs)));
    return results.every(Boolean);
  }

  async drain(timeoutMs: number): Promise<boolean> {
    const results = await Promise.all(this.devices.map((d) => d.agent.drain(timeoutMs)));
    return results.every(Boolean);
  }

  stats(): FleetStats {
    const all: DeviceAgentStats[] = this.devices.map((d) => d.agent.stats());
    const sum = (f: (s: DeviceAgentStats) => number) => all.reduce((acc, s) => acc + f(s), 0);
    return {
      devices: all.length,
      connected: all.filter((s) => s.connected).length,
      sent: sum((s) => s.sent),
      acked: sum((s) => s.acked),
      pending: sum((s) => s.pending),
      dropped: sum((s) => s.dropped),
    };
  }

  async stop(): Promise<void> {
    await Promise.all(this.devices.map((d) => d.agent.stop()));
  }
}
