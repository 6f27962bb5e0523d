import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { formatIssues } from '@tsunagu/contracts';

/** The record systems a finding can show up in. */
export const FINDING_SOURCES = ['maintenance', 'callcentre', 'trading', 'dispatch'] as const;
export type FindingSourceName = (typeof FINDING_SOURCES)[number];

/** What an injection should lead to, in the terms the scorer matches on. */
export const expectedFindingSchema = z.object({
  source: z.enum(FINDING_SOURCES),
  /** maintenance: component pattern (regex source); callcentre: incident kind; trading: buy/sell; dispatch: line */
  match: z.string(),
});
export type ExpectedFinding = z.infer<typeof expectedFindingSchema>;

export const injectionSchema = z.object({
  id: z.string(),
  /** the row of the score report: `machine:coolant-climbing`, `vehicle:crash`, `ticker-news:good`, … */
  scoreKind: z.string(),
  /** the scenario event kind */
  kind: z.string(),
  /** device id, ticker or line id */
  subject: z.string(),
  /** other names the subject may appear under (a line's English and Japanese names) */
  aliases: z.array(z.string()).default([]),
  /** simulated epoch ms of the injection */
  at: z.number(),
  /** wall-clock epoch ms of the injection */
  wallAt: z.number(),
  /** simulated epoch ms a burst ends (tweets, price moves) */
  until: z.number().optional(),
  expect: expectedFindingSchema.nullable(),
  params: z.record(z.string(), z.unknown()).default({}),
});
export type Injection = z.infer<typeof injectionSchema>;

export const groundTruthSchema = z.object({
  version: z.literal(1),
  runId: z.string(),
  scenario: z.string(),
  mqttUrl: z.string(),
  apiUrl: z.string(),
  clock: z.object({ simStart: z.number(), simEnd: z.number(), wallStart: z.number(), wallEnd: z.number(), speed: z.number(), tickSec: z.number() }),
  devices: z.array(z.object({ ref: z.string(), deviceId: z.string(), kind: z.string(), model: z.string(), site: z.string().optional() })),
  injections: z.array(injectionSchema),
  stats: z.object({
    telemetryQueued: z.number(),
    telemetryAcked: z.number(),
    telemetryPending: z.number(),
    tweetsQueued: z.number(),
    pricesPublished: z.number(),
    pricesWithoutSink: z.number(),
  }),
});
export type GroundTruth = z.infer<typeof groundTruthSchema>;

export function writeGroundTruth(file: string, truth: GroundTruth): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(truth, null, 2) + '\n');
}

export class GroundTruthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GroundTruthError';
  }
}

export function readGroundTruth(file: string): GroundTruth {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new GroundTruthError(`cannot read ground truth ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const result = groundTruthSchema.safeParse(value);
  if (!result.success) throw new GroundTruthError(`ground truth ${file} is invalid: ${formatIssues(result.error)}`);
  return result.data;
}
