import { parseArgs } from 'node:util';
import { createLogger, setLogLevel } from '@tsunagu/platform/logging/logger';
import { standardCommandHandler } from '../commands/standard-commands';
import { DeviceAgent } from '../device-agent';
import { JsonLinesSensorSource, type SensorSource } from '../sensor-source';
import { DEVICE_FLAGS, loadDeviceProgramConfig, type DeviceProgramConfig } from './device-program.config';

export interface DeviceProgramSpec {
  /** `machine` or `vehicle` (for messages) */
  readonly kind: string;
  readonly defaultModel: string;
  /** the default sensor source: the simulators' physical model for this kind */
  createModelSource(config: DeviceProgramConfig & { DEVICE_MODEL: string }): SensorSource;
}

const BOOLEAN_FLAGS = new Set(['shifts']);

function usage(kind: string): string {
  const flags = Object.entries(DEVICE_FLAGS)
    .map(([flag, variable]) => `  --${flag.padEnd(12)} ${variable}`)
    .join('\n');
  return `usage: device:${kind} [flags]   (each flag has an environment variable; the flag wins)\n${flags}\n`;
}

/**
 * A device program: reads its sensors every interval and hands the readings to the
 * device agent (outbox, QoS 1, reconnects). It answers the platform's command
 * catalogue (set-reporting-interval, diagnostic-dump, report-position, ping,
 * reboot) on `commands/ack`, and applies a desired `intervalMs` and reports it.
 * Exit codes: 0 done or stopped, 2 bad configuration.
 */
export async function runDeviceProgram(spec: DeviceProgramSpec, argv: string[] = process.argv.slice(2)): Promise<number> {
  let config: DeviceProgramConfig;
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        ...Object.fromEntries(Object.keys(DEVICE_FLAGS).map((f) => [f, { type: BOOLEAN_FLAGS.has(f) ? ('boolean' as const) : ('string' as const) }])),
        help: { type: 'boolean' },
      },
      strict: true,
    });
    if (values.help) {
      process.stdout.write(usage(spec.kind));
      return 0;
    }
    const flags = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'boolean' ? String(v) : v]));
    config = loadDeviceProgramConfig(flags as Record<string, string | undefined>);
  } catch (err) {
    process.stderr.write(`device:${spec.kind}: ${(err as Error).message}\n${usage(spec.kind)}`);
    return 2;
  }
  setLogLevel(config.LOG_LEVEL);
  const log = createLogger(`device.${spec.kind}`);
  const model = config.DEVICE_MODEL ?? spec.defaultModel;
  let source: SensorSource;
  try {
    source = config.DEVICE_SOURCE.startsWith('file:')
      ? new JsonLinesSensorSource(config.DEVICE_SOURCE.slice('file:'.length))
      : spec.createModelSource({ ...config, DEVICE_MODEL: model });
  } catch (err) {
    process.stderr.write(`device:${spec.kind}: ${(err as Error).message}\n`);
    return 2;
  }

  const agent = new DeviceAgent({
    url: config.DEVICE_URL,
    deviceId: config.DEVICE_ID,
    password: config.DEVICE_PASSWORD,
    caFile: config.DEVICE_CA_FILE,
    dataDir: config.DEVICE_DATA_DIR,
    fsync: config.DEVICE_FSYNC,
    queueLimits: { maxEntries: config.DEVICE_OUTBOX_MAX_ENTRIES, maxBytes: config.DEVICE_OUTBOX_MAX_BYTES, overflow: config.DEVICE_OUTBOX_OVERFLOW },
    logger: log,
  });
  let intervalMs = config.DEVICE_INTERVAL_MS;
  let timer: NodeJS.Timeout | null = null;
  let produced = 0;
  let latest: Record<string, unknown> | undefined;
  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));

  const tick = () => {
    for (const reading of source.read(Date.now())) {
      latest = reading as Record<string, unknown>;
      try {
        agent.publishTelemetry(reading as Record<string, unknown>);
      } catch (err) {
        log.warn((err as Error).message);
      }
      produced += 1;
    }
    if (config.DEVICE_COUNT > 0 && produced >= config.DEVICE_COUNT) void shutdown('count reached', 0);
  };
  const schedule = () => {
    if (timer) clearInterval(timer);
    timer = setInterval(tick, intervalMs);
  };
  const shutdown = async (reason: string, code: number) => {
    if (timer) clearInterval(timer);
    timer = null;
    log.info('stopping', { reason, ...agent.stats(), lastFailure: agent.stats().lastFailure?.message });
    // give the outbox a moment; whatever is left stays on disk for the next start
    await agent.drain(config.DEVICE_COUNT > 0 ? 30_000 : 3000);
    await agent.stop();
    finish(code);
  };

  const setIntervalMs = (ms: number) => {
    intervalMs = ms;
    schedule();
    log.info('reporting interval changed', { intervalMs });
  };
  agent.handleCommands(
    standardCommandHandler({
      latest: () => latest,
      stats: () => ({ ...agent.stats() }),
      setIntervalMs,
      reboot: () => {
        log.info('rebooting: reconnecting with the outbox kept');
        void agent.drain(3000).then(async () => {
          await agent.stop();
          await agent.start();
        });
      },
    }),
  );
  agent.on('desired', ({ desired }) => {
    const wanted = desired.intervalMs;
    if (typeof wanted === 'number' && Number.isInteger(wanted) && wanted >= 100 && wanted !== intervalMs) setIntervalMs(wanted);
    agent.reportState({ intervalMs, model });
  });
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));

  await agent.start();
  log.info('device started', { deviceId: config.DEVICE_ID, model, source: source.name, intervalMs, url: config.DEVICE_URL });
  schedule();
  return done;
}
