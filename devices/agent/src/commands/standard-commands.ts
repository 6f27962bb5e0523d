import type { DeviceCommandMessageV1 } from '@tsunagu/contracts';

/** What a command handler answers: the `result` of a `succeeded` ack. Throwing makes the ack `failed` with the message. */
export type CommandHandler = (command: DeviceCommandMessageV1) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void;

/** A command the device does not implement (answered `failed`). */
export class UnknownCommandError extends Error {
  constructor(name: string) {
    super(`unknown command ${name}`);
    this.name = 'UnknownCommandError';
  }
}

/** Reading fields per component a `diagnostic-dump` may name. */
const COMPONENT_FIELDS: Record<string, readonly string[]> = {
  engine: ['engineState', 'engineHours', 'coolantTempC', 'engineOilPressureKpa', 'loadPct', 'rpm', 'batteryV'],
  hydraulics: ['hydraulicPressureBar', 'hydraulicTempC', 'vibrationRmsMmS'],
  fuel: ['fuelRateLph', 'fuelLevelPct'],
  position: ['position', 'speedKmh', 'headingDeg'],
};

/** What the standard handler needs from the device it runs on. */
export interface StandardCommandHooks {
  /** the latest reading the device took (undefined before the first) */
  latest(): Record<string, unknown> | undefined;
  /** the agent's statistics, answered to `ping` */
  stats(): Record<string, unknown>;
  /** changes the reporting interval; absent: the command fails */
  setIntervalMs?(ms: number): void;
  /** restarts the device program after the ack has gone out; absent: the command fails */
  reboot?(): void;
}

/**
 * The commands of the platform's catalogue (`COMMAND_CATALOGUE` in
 * @tsunagu/contracts) as a device program and the simulators' devices answer
 * them. The platform validated the arguments; what a device cannot do fails.
 */
export function standardCommandHandler(hooks: StandardCommandHooks): CommandHandler {
  return (command) => {
    const args = command.args;
    switch (command.name) {
      case 'ping':
        return { ...hooks.stats(), lastFailure: undefined };
      case 'set-reporting-interval': {
        if (!hooks.setIntervalMs) throw new Error('this device reports on the fleet clock; its interval cannot change');
        hooks.setIntervalMs(args.intervalMs as number);
        return { intervalMs: args.intervalMs as number };
      }
      case 'diagnostic-dump': {
        const reading = hooks.latest();
        if (!reading) throw new Error('no reading taken yet');
        const components = (args.components as string[] | undefined) ?? Object.keys(COMPONENT_FIELDS);
        const fields = new Set(components.flatMap((c) => COMPONENT_FIELDS[c] ?? []));
        return { ts: reading.ts, ...Object.fromEntries(Object.entries(reading).filter(([k]) => fields.has(k))) };
      }
      case 'report-position': {
        const reading = hooks.latest();
        if (!reading?.position) throw new Error('no position known yet');
        return { ts: reading.ts, position: reading.position, speedKmh: reading.speedKmh, headingDeg: reading.headingDeg };
      }
      case 'reboot': {
        if (!hooks.reboot) throw new Error('this device cannot reboot');
        // after the ack is queued: the ack leaves with the outbox once connected again
        setImmediate(() => hooks.reboot!());
        return { rebooting: true };
      }
      default:
        throw new UnknownCommandError(command.name);
    }
  };
}
