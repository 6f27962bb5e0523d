import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { fastParserOf, NOT_VOUCHED } from './fast-parser';
import { notAheadOfClock } from './clock-skew';
import { parseValue } from './parse';
import { machineTelemetryPayloadV1Schema } from './schemas/machine-telemetry.v1.schema';
import { TOPIC_SCHEMAS, TOPICS } from './index';

const fixture = (topic: string): Record<string, unknown> => JSON.parse(readFileSync(join(__dirname, 'fixtures', `${topic}.json`), 'utf8')) as Record<string, unknown>;

/** Values around a valid one: each field wrong in the ways a device gets it wrong, missing, or beside an extra key. */
function variants(valid: Record<string, unknown>): unknown[] {
  const out: unknown[] = [valid, { ...valid, extra: 1 }, null, [], 'x', 42];
  const odd = [['P0217'], ['bad'], Array.from({ length: 65 }, () => 'P0217'), undefined, null, -1, 0, 0.5, 1e300, -1e300, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '', 'x', true, {}, [], 'working', 'warp'];
  for (const key of Object.keys(valid)) {
    const { [key]: _dropped, ...without } = valid;
    out.push(without);
    for (const value of odd) out.push({ ...valid, [key]: value });
    const nested = valid[key];
    if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) for (const inner of variants(nested as Record<string, unknown>)) out.push({ ...valid, [key]: inner });
  }
  return out;
}

describe('fastParserOf', () => {
  const topics = Object.values(TOPICS).filter((topic) => fastParserOf(TOPIC_SCHEMAS[topic]) !== null);

  it('compiles the hot schemas (readings of both kinds) and leaves the rest to zod', () => {
    expect(topics).toEqual(expect.arrayContaining([TOPICS.machineTelemetry, TOPICS.vehicleTelemetry]));
    expect(fastParserOf(z.object({ a: z.number() }).refine(() => true))).toBeNull();
    expect(fastParserOf(z.object({ a: z.number() }).loose())).toBeNull();
    expect(fastParserOf(z.string().transform((s) => s.trim()))).toBeNull();
    expect(fastParserOf(z.union([z.string(), z.number()]))).toBeNull();
  });

  it.each(topics)('vouches for %s exactly when zod accepts, with the value zod returns', (topic) => {
    const schema = TOPIC_SCHEMAS[topic];
    const fast = fastParserOf(schema)!;
    for (const value of variants(fixture(topic))) {
      const byZod = schema.safeParse(value);
      const byFast = fast(value);
      expect({ value, vouched: byFast !== NOT_VOUCHED }).toEqual({ value, vouched: byZod.success });
      if (byZod.success) expect(byFast).toEqual(byZod.data);
    }
  });

  it('keeps the clock rule of a reading on the fast path, and zod names the field when it refuses', () => {
    const now = 1_700_000_000_000;
    const schema = notAheadOfClock(machineTelemetryPayloadV1Schema, 'ts', () => now, 1000);
    const reading = { ...fixture(TOPICS.machineTelemetry), ts: now };
    expect(fastParserOf(schema)!(reading)).toMatchObject({ ts: now });
    expect(fastParserOf(schema)!({ ...reading, ts: now + 5000 })).toBe(NOT_VOUCHED);
    expect(parseValue(schema, { ...reading, ts: now + 5000 })).toMatchObject({ ok: false, detail: expect.stringMatching(/^ts: .*ahead of the receiving clock/) });
  });
});
