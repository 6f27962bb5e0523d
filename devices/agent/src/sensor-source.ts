import * as fs from 'node:fs';

/**
 * Where a device program gets its readings: the simulators' physical models by
 * default, a recorded JSON-lines file, or real hardware behind the same interface.
 * `read` returns the readings due at `nowMs` (usually one; a vehicle may add event
 * reports), each without `seq` (the agent adds it); `ts` is optional.
 */
export interface SensorSource<R extends object = Record<string, unknown>> {
  readonly name: string;
  read(nowMs: number): R[];
}

/** Replays readings from a JSON-lines file, one per call, starting over at the end. */
export class JsonLinesSensorSource implements SensorSource {
  readonly name: string;
  private readonly readings: Record<string, unknown>[];
  private index = 0;

  constructor(file: string) {
    this.name = `file:${file}`;
    this.readings = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l.trim().length > 0)
      .map((line, i) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch (err) {
          throw new Error(`${file}:${i + 1}: not JSON (${(err as Error).message})`);
        }
      });
    if (this.readings.length === 0) throw new Error(`${file}: no readings`);
  }

  read(nowMs: number): Record<string, unknown>[] {
    const { seq: _seq, ...reading } = this.readings[this.index % this.readings.length]!;
    this.index += 1;
    return [{ ...reading, ts: nowMs }];
  }
}
