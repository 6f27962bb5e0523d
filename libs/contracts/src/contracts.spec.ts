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
} from './index';

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
