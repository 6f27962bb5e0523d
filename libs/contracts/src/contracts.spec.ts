import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  TOPICS,
  TOPIC_SCHEMAS,
  deadLetterTopicOf,
  deviceTopic,
  isOwnTopicFilter,
  machineTelemetryPayloadV1Schema,
  parseDeviceTopic,
  parseJson,
  parseValue,
  tweetIntakeSchema,
  tweetV2Schema,
  notAheadOfClock,
  aheadOfClock,
} from './index';
import { z } from 'zod';

const fixture = (topic: string): string => readFileSync(join(__dirname, 'fixtures', `${topic}.json`), 'utf8');

describe('contracts', () => {
  describe.each(Object.values(TOPICS))('golden fixture of %s', (topic) => {
    it('parses with the topic schema', () => {
      const result = parseJson(TOPIC_SCHEMAS[topic], fixture(topic));
      expect(result).toMatchObject({ ok: true });
    });
  });

  it('names the field in a schema violation', () => {
    const raw = JSON.parse(fixture(TOPICS.machineTelemetry)) as Record<string, unknown>;
    raw.coolantTempC = 'hot';
    const result = parseJson(machineTelemetryPayloadV1Schema, JSON.stringify(raw));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe('schema-violation');
    expect(!result.ok && result.detail).toContain('coolantTempC');
  });

  it('names array elements in a field path', () => {
    const batch = z.object({ tweets: z.array(tweetIntakeSchema) });
    const result = parseValue(batch, { tweets: [JSON.parse(fixture(TOPICS.tweets)), { ...JSON.parse(fixture(TOPICS.tweets)), createdAt: 'yesterday' }] });
    expect(!result.ok && result.detail).toMatch(/^tweets\[1\]\.createdAt: /);
  });

  it('still reads old fixtures: a v1 tweet (ISO createdAt) is valid intake and becomes epoch ms', () => {
    const v1 = JSON.parse(fixture('social.tweet.received.v1')) as { createdAt: string };
    const result = parseValue(tweetIntakeSchema, v1);
    expect(result.ok && result.value.createdAt).toBe(Date.parse(v1.createdAt));
    expect(result.ok && tweetV2Schema.safeParse(result.value).success).toBe(true);
  });

  describe('text hygiene and clock defences', () => {
    const base = { id: 't-1', author: 'jane', text: 'hello', lang: 'en', createdAt: 1_700_000_000_000 };
    it('normalises free text at the door (NFKC, control characters out) before bounding it', () => {
      const r = parseValue(tweetIntakeSchema, { ...base, text: '＄ＴＳＬＡ\u0000 up\u0007\n' });
      expect(r.ok && r.value.text).toBe('$TSLA up\n');
      expect(parseValue(tweetIntakeSchema, { ...base, text: '\u0000\u0001' })).toMatchObject({ ok: false });
    });
    it('refuses control characters in the contract and in identifiers', () => {
      expect(parseValue(tweetV2Schema, { ...base, text: 'a\u0000b' })).toMatchObject({ ok: false, detail: expect.stringContaining('text: must not contain control characters') });
      expect(parseValue(tweetIntakeSchema, { ...base, id: 'a\u0000b' })).toMatchObject({ ok: false, detail: expect.stringContaining('id: ') });
    });
    it('refuses a time further ahead of the receiving clock than allowed, naming the field', () => {
      const now = 1_700_000_000_000;
      const guarded = notAheadOfClock(tweetIntakeSchema, 'createdAt', () => now, 300_000);
      expect(parseValue(guarded, { ...base, createdAt: now + 299_000 }).ok).toBe(true);
      const r = parseValue(guarded, { ...base, createdAt: Date.UTC(2100, 0, 1) });
      expect(!r.ok && r.detail).toMatch(/^createdAt: 2100-01-01T00:00:00\.000Z is \d+ s ahead of the receiving clock \(at most 300 s allowed\)/);
      expect(aheadOfClock(9e15, now, 300_000)).toContain('beyond the dates a clock can show');
    });
  });

  it('reports malformed JSON', () => {
    expect(parseJson(machineTelemetryPayloadV1Schema, '{not json')).toMatchObject({ ok: false, reason: 'malformed-json' });
  });

  it('derives dead-letter topics', () => {
    expect(deadLetterTopicOf(TOPICS.maintenanceFindings)).toBe('maintenance.finding.detected.v1.dlq');
  });

  describe('MQTT topic grammar', () => {
    it('round-trips a device topic', () => {
      expect(parseDeviceTopic(deviceTopic('exc-1', 'telemetry'))).toEqual({ deviceId: 'exc-1', channel: 'telemetry' });
    });
    it.each(['tsunagu/v1/devices/+/telemetry', 'tsunagu/v1/devices/a/b/c', 'other/exc-1/telemetry', 'tsunagu/v1/devices/exc-1/nope'])(
      'rejects %s',
      (topic) => expect(parseDeviceTopic(topic)).toBeNull(),
    );
    it('allows only own subscription filters', () => {
      expect(isOwnTopicFilter('exc-1', 'tsunagu/v1/devices/exc-1/commands')).toBe(true);
      expect(isOwnTopicFilter('exc-1', 'tsunagu/v1/devices/exc-1/#')).toBe(true);
      expect(isOwnTopicFilter('exc-1', 'tsunagu/v1/devices/+/commands')).toBe(false);
      expect(isOwnTopicFilter('exc-1', 'tsunagu/v1/devices/exc-2/commands')).toBe(false);
      expect(isOwnTopicFilter('exc-1', '#')).toBe(false);
    });
  });
});
