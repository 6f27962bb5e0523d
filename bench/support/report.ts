import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

/** The machine a figure was measured on, and how busy it was (load average over 1, 5, 15 minutes). */
export function machineInfo(): { node: string; cpus: number; loadAverage: number[] } {
  return { node: process.version, cpus: cpus().length, loadAverage: loadavg().map((l) => Number(l.toFixed(2))) };
}

/** Writes bench/reports/<name>.json (the README's benchmark figures come from these), with the date and the machine. */
export function writeReport(name: string, body: Record<string, unknown>): string {
  const dir = join(__dirname, '..', 'reports');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), machine: machineInfo(), ...body }, null, 2)}\n`);
  return file;
}
