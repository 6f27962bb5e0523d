import * as fs from 'node:fs';
import { z } from 'zod';
import { dtcSchema, formatIssues, tickerSchema } from '@tsunagu/contracts';
import { MACHINE_MODEL_IDS, SITES, TRAIN_LINES, VEHICLE_MODEL_IDS } from '../models/catalogue';

const atSec = z.number().min(0).describe('seconds of simulated time after the start');
const machineRef = z.string().regex(/^machine:\d+$/, 'a machine reference like "machine:0"');
const vehicleRef = z.string().regex(/^vehicle:\d+$/, 'a vehicle reference like "vehicle:0"');
const rate = z.number().positive().max(1000).optional();
const lineIds = TRAIN_LINES.map((l) => l.id) as [string, ...string[]];

/** One scheduled event of a scenario; `at` is seconds of simulated time after the start. */
export const scenarioEventSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('coolant-climbing'), at: atSec, device: z.union([machineRef, vehicleRef]), ratePerMin: rate }).strict(),
  z.object({ kind: z.literal('hydraulic-leak'), at: atSec, device: machineRef, ratePerMin: rate }).strict(),
  z.object({ kind: z.literal('vibration-rising'), at: atSec, device: machineRef, ratePerMin: rate }).strict(),
  z.object({ kind: z.literal('battery-failing'), at: atSec, device: vehicleRef, ratePerMin: rate }).strict(),
  z.object({ kind: z.literal('dtc'), at: atSec, device: vehicleRef, code: dtcSchema.default('P0217') }).strict(),
  z.object({ kind: z.literal('crash'), at: atSec, device: vehicleRef }).strict(),
  z
    .object({
      kind: z.literal('ticker-news'),
      at: atSec,
      ticker: tickerSchema,
      mood: z.enum(['good', 'bad']),
      tweets: z.number().int().min(1).max(10_000).default(40),
      overSec: z.number().positive().max(86_400).default(120),
    })
    .strict(),
  z
    .object({
      kind: z.literal('train-delay'),
      at: atSec,
      line: z.enum(lineIds),
      tweets: z.number().int().min(1).max(10_000).default(40),
      overSec: z.number().positive().max(86_400).default(300),
      languages: z.array(z.enum(['ja', 'en'])).min(1).default(['ja', 'en']),
    })
    .strict(),
  z
    .object({
      kind: z.literal('price-move'),
      at: atSec,
      ticker: tickerSchema,
      /** percent, e.g. 8 = +8 %, -12 = −12 % */
      pct: z.number().min(-95).max(1000),
      overSec: z.number().min(0).max(86_400).default(0),
    })
    .strict(),
]);
export type ScenarioEvent = z.infer<typeof scenarioEventSchema>;

const fleetGroup = <M extends [string, ...string[]]>(models: M) =>
  z.object({ model: z.enum(models), count: z.number().int().min(1).max(10_000).default(1), site: z.enum(SITES.map((s) => s.id) as [string, ...string[]]).optional() }).strict();

export const scenarioSchema = z
  .object({
    name: z.string().min(1).max(100),
    description: z.string().max(2000).optional(),
    /** simulated seconds the run lasts */
    durationSec: z.number().positive().max(7 * 86_400),
    /** simulated seconds between two readings of a device */
    tickSec: z.number().positive().max(3600).default(5),
    /** simulated seconds per wall second (1 = real time) */
    speed: z.number().positive().max(10_000).default(30),
    seed: z.number().int().default(1),
    /** simulated start (ISO 8601); default: backdated so the run ends at the wall-clock time it finishes */
    startAt: z.iso.datetime({ offset: true }).optional(),
    /** machines follow Japanese working hours (off at night and lunch); default always on shift */
    shifts: z.boolean().default(false),
    fleet: z
      .object({
        machines: z.array(fleetGroup(MACHINE_MODEL_IDS as [string, ...string[]])).default([]),
        vehicles: z.array(fleetGroup(VEHICLE_MODEL_IDS as [string, ...string[]])).default([]),
      })
      .strict()
      .default({ machines: [], vehicles: [] }),
    social: z
      .object({
        /** background tweets per simulated minute */
        chatterPerMin: z.number().min(0).max(100_000).default(0),
        /** tickers that get a price feed */
        priceTickers: z.array(tickerSchema).default([]),
        /** simulated seconds between price ticks */
        priceEverySec: z.number().positive().max(3600).default(10),
      })
      .strict()
      .default({ chatterPerMin: 0, priceTickers: [], priceEverySec: 10 }),
    events: z.array(scenarioEventSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => {
    const machines = s.fleet.machines.reduce((n, g) => n + g.count, 0);
    const vehicles = s.fleet.vehicles.reduce((n, g) => n + g.count, 0);
    s.events.forEach((e, i) => {
      if (e.at > s.durationSec) ctx.addIssue({ code: 'custom', path: ['events', i, 'at'], message: `after the end of the run (durationSec ${s.durationSec})` });
      if (!('device' in e)) return;
      const [kind, index] = e.device.split(':') as ['machine' | 'vehicle', string];
      const have = kind === 'machine' ? machines : vehicles;
      if (Number(index) >= have) {
        ctx.addIssue({ code: 'custom', path: ['events', i, 'device'], message: `${e.device} does not exist (the fleet has ${have} ${kind}s, numbered from 0)` });
      }
    });
  });
export type Scenario = z.infer<typeof scenarioSchema>;

export class ScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioError';
  }
}

/** Validates a parsed scenario; the error names every bad field by its path. */
export function parseScenario(value: unknown, source = 'scenario'): Scenario {
  const result = scenarioSchema.safeParse(value);
  if (!result.success) throw new ScenarioError(`${source} is invalid: ${formatIssues(result.error)}`);
  return result.data;
}

export function loadScenarioFile(file: string): Scenario {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ScenarioError(`cannot read scenario ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError(`scenario ${file} is not JSON: ${(err as Error).message}`);
  }
  return parseScenario(value, `scenario ${file}`);
}
