/**
 * The bad-input corpus replayed against every door of the ingest broker (issue 14:
 * "each answered with an error, no crash, nothing stored"), on the durable
 * PostgreSQL bus of the all-in-one mode (no Kafka needed):
 *
 * - raw MQTT packets over TCP (truncated, wrong lengths, bad protocol, packets out
 *   of order): a CONNACK refusal or a closed connection, never a session;
 * - payloads over MQTT from an authenticated device (truncated JSON, oversized,
 *   wrong types, NaN / Infinity, deep nesting, control characters, future and
 *   negative timestamps): a dead letter with its reason, nothing on the data topic;
 * - REST bodies to POST /tweets, /prices and /devices: a 4xx naming the field where
 *   there is one, nothing published, no device created.
 *
 * After all of it the broker still serves a good client: its reading is PUBACKed
 * and on the bus.
 */
import mqtt from 'mqtt';
import { deviceTopic, TOPICS, type DeadLetterV1, type TweetV2 } from '@tsunagu/contracts';
import { PostgresBus, setLogLevel } from '@tsunagu/platform';
import { appUnderTest } from '../support/app-under-test';
import { TEST_TOKENS } from '../support/app-harness';
import { expectEventually } from '../support/test-env';
import { machineReading } from '../../apps/ingest-broker/test/ingest-fixtures';
import { connectPacket, mqttString, publishPacket, rawExchange, remainingLength } from './mqtt-packets';

const MAX_PAYLOAD = 4096;
const MAX_PACKET = 16 * 1024;
const DAY = 24 * 3600_000;

/** A valid machine reading stamped now (the door allows 5 min of clock skew), with fields overridden (of any type). */
function reading(seq: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...machineReading(seq, { ts: Date.now() }), ...overrides };
}
const json = (v: unknown) => JSON.stringify(v);
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Machine payloads over MQTT and the dead-letter reason each must get. */
const MQTT_PAYLOADS: ReadonlyArray<{ name: string; payload: string | Buffer; reason: DeadLetterV1['reason']; detail?: RegExp }> = [
  { name: 'truncated JSON', payload: json(reading(1)).slice(0, 40), reason: 'malformed-json' },
  { name: 'empty payload', payload: '', reason: 'malformed-json' },
  { name: 'not UTF-8', payload: Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]), reason: 'malformed-json' },
  { name: 'oversized', payload: json({ ...reading(2), pad: 'x'.repeat(MAX_PAYLOAD) }), reason: 'payload-too-large' },
  { name: 'NaN literal', payload: json(reading(3)).replace('"coolantTempC":85', '"coolantTempC":NaN'), reason: 'malformed-json' },
  { name: 'Infinity literal', payload: json(reading(4)).replace('"loadPct":70', '"loadPct":Infinity'), reason: 'malformed-json' },
  { name: 'a number beyond float64 (Infinity once parsed)', payload: json(reading(5)).replace('"loadPct":70', '"loadPct":1e400'), reason: 'schema-violation', detail: /loadPct/ },
  { name: 'wrong type (string seq)', payload: json(reading(6, { seq: 'six' })), reason: 'schema-violation', detail: /seq/ },
  { name: 'wrong type (array)', payload: json([reading(7)]), reason: 'schema-violation' },
  { name: 'null', payload: 'null', reason: 'schema-violation' },
  { name: 'a bare number', payload: '42', reason: 'schema-violation' },
  { name: 'deep nesting', payload: nested(2000), reason: 'schema-violation' },
  { name: 'deep nesting inside a field', payload: json(reading(8)).replace('"engineState":"working"', `"engineState":${nested(1500)}`), reason: 'schema-violation', detail: /engineState/ },
  { name: 'NUL in an enum', payload: json(reading(9, { engineState: 'work\u0000ing' })), reason: 'schema-violation', detail: /engineState/ },
  { name: 'control characters in an enum', payload: json(reading(10, { engineState: '\u001b[31mworking' })), reason: 'schema-violation', detail: /engineState/ },
  { name: 'future timestamp (a day ahead)', payload: json(reading(11, { ts: Date.now() + DAY })), reason: 'schema-violation', detail: /ts/ },
  { name: 'timestamp in the year 2100', payload: json(reading(12, { ts: Date.UTC(2100, 0, 1) })), reason: 'schema-violation', detail: /ts/ },
  { name: 'negative timestamp', payload: json(reading(13, { ts: -1 })), reason: 'schema-violation', detail: /ts/ },
  { name: 'timestamp 9e15', payload: json(reading(14, { ts: 9e15 })), reason: 'schema-violation', detail: /ts/ },
  { name: 'negative sequence number', payload: json(reading(15, { seq: -15 })), reason: 'schema-violation', detail: /seq/ },
  { name: 'fractional sequence number', payload: json(reading(16, { seq: 16.5 })), reason: 'schema-violation', detail: /seq/ },
  { name: 'missing fields', payload: json({ seq: 17 }), reason: 'schema-violation' },
];

describe('bad-input corpus: every door answers with an error, nothing crashes, nothing is stored', () => {
  beforeAll(() => setLogLevel('silent'));
  const topics = [TOPICS.machineTelemetry, TOPICS.telemetryDeadLetter, TOPICS.tweets, TOPICS.prices];
  const rig = appUnderTest({
    serviceName: 'corpus',
    bus: (url) => PostgresBus.open({ url, partitions: 2, lingerMs: 2 }),
    topics,
    // failed CONNECTs are the corpus here: the per-address limit would block the good client at the end
    ingest: { maxPayloadBytes: MAX_PAYLOAD, maxPacketBytes: MAX_PACKET, authMaxFailuresPerMinute: 0 },
    collect: topics,
  });
  let machine: { deviceId: string; password: string };
  let source: { deviceId: string; password: string };

  const provision = async (kind: 'machine' | 'tweet-source') => {
    const res = await rig.app.request('POST', '/devices', { body: { kind, model: kind === 'machine' ? 'excavator-20t' : 'feed' } });
    expect(res.status).toBe(201);
    return { deviceId: res.body.deviceId as string, password: res.body.password as string };
  };
  const deviceCount = async () => (await rig.app.request('GET', '/devices?pageSize=1')).body.total as number;
  const post = async (path: string, raw: string, contentType = 'application/json') => {
    const res = await fetch(`${rig.app.httpUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': contentType, authorization: `Bearer ${TEST_TOKENS.admin}` },
      body: raw,
    });
    const text = await res.text();
    return { status: res.status, text };
  };
  const onTopic = (topic: string) => rig.records.messages.filter((m) => m.topic === topic);

  beforeAll(async () => {
    machine = await provision('machine');
    source = await provision('tweet-source');
  });

  describe('raw MQTT packets', () => {
    const good = () => connectPacket({ clientId: machine.deviceId, username: machine.deviceId, password: machine.password });
    const cases: ReadonlyArray<{ name: string; bytes: () => Buffer[]; end?: boolean; expect: { connack: number } | 'closed' }> = [
      // [MQTT-3.1.2-2] asks for CONNACK 1; aedes' packet parser refuses the level first and closes the connection
      { name: 'unsupported protocol level', bytes: () => [connectPacket({ clientId: 'x', level: 9 })], expect: 'closed' },
      { name: 'wrong protocol name', bytes: () => [connectPacket({ clientId: 'x', protocol: 'MQTX' })], expect: 'closed' },
      { name: 'reserved connect flag set [MQTT-3.1.2-3]', bytes: () => [connectPacket({ clientId: 'x', flags: 0x03 })], expect: 'closed' },
      { name: 'truncated CONNECT (client stops mid-packet)', bytes: () => [good().subarray(0, 12)], end: true, expect: 'closed' },
      { name: 'Remaining Length larger than what follows', bytes: () => [Buffer.concat([Buffer.from([0x10]), remainingLength(200), good().subarray(2)])], end: true, expect: 'closed' },
      { name: 'Remaining Length smaller than the packet', bytes: () => [Buffer.concat([Buffer.from([0x10, 0x05]), good().subarray(2)])], expect: 'closed' },
      { name: 'malformed Remaining Length (five continuation bytes)', bytes: () => [Buffer.from([0x10, 0xff, 0xff, 0xff, 0xff, 0x7f])], expect: 'closed' },
      { name: 'announced packet above MQTT_MAX_PACKET_BYTES', bytes: () => [Buffer.concat([Buffer.from([0x10]), remainingLength(MAX_PACKET * 4)])], expect: 'closed' },
      { name: 'PUBLISH before CONNECT [MQTT-3.1.0-1]', bytes: () => [publishPacket(deviceTopic(machine.deviceId, 'telemetry'), json(reading(100)))], expect: 'closed' },
      { name: 'a second CONNECT [MQTT-3.1.0-2]', bytes: () => [good(), good()], expect: 'closed' },
      { name: 'random bytes', bytes: () => [Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n')], expect: 'closed' },
      { name: 'unknown packet type 0', bytes: () => [Buffer.from([0x00, 0x00])], expect: 'closed' },
      { name: 'wrong password', bytes: () => [connectPacket({ clientId: machine.deviceId, username: machine.deviceId, password: 'nope' })], expect: { connack: 4 } },
      { name: 'NUL in the client id and username', bytes: () => [connectPacket({ clientId: 'exc\u0000-1', username: 'exc\u0000-1', password: 'x' })], expect: { connack: 2 } },
      { name: 'client id and username differ', bytes: () => [connectPacket({ clientId: 'other', username: machine.deviceId, password: machine.password })], expect: { connack: 2 } },
      { name: 'invalid UTF-8 in the client id [MQTT-1.5.3-1]', bytes: () => [connectPacket({ clientId: Buffer.from([0xc3, 0x28]), username: 'u', password: 'p' })], expect: 'closed' },
      { name: 'PUBLISH with a topic length past the packet', bytes: () => [good(), Buffer.concat([Buffer.from([0x32, 0x04]), mqttString('x'.repeat(40)).subarray(0, 4)])], end: true, expect: 'closed' },
    ];

    it.each(cases)('$name', async ({ bytes, end, expect: expected }) => {
      const outcome = await rawExchange(rig.mqttPort, bytes(), { end });
      if (expected === 'closed') {
        expect(outcome.closed).toBe(true);
      } else {
        expect(outcome.connack).toBe(expected.connack);
      }
    });

    it('stored nothing', () => {
      expect(onTopic(TOPICS.machineTelemetry)).toHaveLength(0);
    });
  });

  describe('MQTT payloads from an authenticated device', () => {
    it('dead-letters each with its reason (PUBACKed: the dead letter is durable) and publishes no reading', async () => {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, {
        clientId: machine.deviceId,
        username: machine.deviceId,
        password: machine.password,
        reconnectPeriod: 0,
      });
      try {
        for (const c of MQTT_PAYLOADS) await client.publishAsync(deviceTopic(machine.deviceId, 'telemetry'), c.payload, { qos: 1 });
      } finally {
        await client.endAsync();
      }
      const letters = await expectEventually(() => {
        const found = rig.records.json<DeadLetterV1>(TOPICS.telemetryDeadLetter).filter((l) => l.deviceId === machine.deviceId);
        expect(found).toHaveLength(MQTT_PAYLOADS.length);
        return found;
      });
      // one dead letter per payload, in order (one device: one key, one partition)
      MQTT_PAYLOADS.forEach((c, i) => {
        const letter = letters[i]!;
        expect({ name: c.name, reason: letter.reason }).toEqual({ name: c.name, reason: c.reason });
        if (c.detail) expect(letter.detail).toMatch(c.detail);
        expect(letter.origin.mqttTopic).toBe(deviceTopic(machine.deviceId, 'telemetry'));
      });
      expect(onTopic(TOPICS.machineTelemetry)).toHaveLength(0);
    });

    it('tweets: NUL in the id is refused, control characters in the text are stripped before anything is stored', async () => {
      const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, { clientId: source.deviceId, username: source.deviceId, password: source.password, reconnectPeriod: 0 });
      const t = (id: string, text: string, createdAt: number) => json({ id, author: 'jane', text, lang: 'en', createdAt });
      try {
        await client.publishAsync(deviceTopic(source.deviceId, 'tweets'), t('bad\u0000id', '$TSLA up', Date.now()), { qos: 1 });
        await client.publishAsync(deviceTopic(source.deviceId, 'tweets'), t('future-1', '$TSLA up', Date.now() + DAY), { qos: 1 });
        await client.publishAsync(deviceTopic(source.deviceId, 'tweets'), t('ctl-1', '$TSLA\u0000 up\u0007\u001b', Date.now()), { qos: 1 });
      } finally {
        await client.endAsync();
      }
      await expectEventually(() => expect(rig.records.json<DeadLetterV1>(TOPICS.telemetryDeadLetter).filter((l) => l.deviceId === source.deviceId).map((l) => l.reason)).toEqual(['schema-violation', 'schema-violation']));
      const tweets = await expectEventually(() => {
        const found = rig.records.json<TweetV2>(TOPICS.tweets);
        expect(found.map((x) => x.id)).toEqual(['ctl-1']);
        return found;
      });
      // eslint-disable-next-line no-control-regex
      expect(tweets[0]!.text).not.toMatch(/[\u0000-\u001f\u007f]/);
    });
  });

  describe('REST bodies', () => {
    const tweet = (over: Record<string, unknown> = {}) => ({ id: 'rest-1', author: 'jane', text: '$TSLA beats', lang: 'en', createdAt: Date.now(), ...over });
    const price = (over: Record<string, unknown> = {}) => ({ ticker: 'TSLA', price: 251.5, ts: Date.now(), ...over });
    const cases: ReadonlyArray<{ name: string; path: string; raw: string; status: number; field?: string; contentType?: string }> = [
      { name: 'tweets: truncated JSON', path: '/tweets', raw: json(tweet()).slice(0, 20), status: 400 },
      { name: 'tweets: NaN literal', path: '/tweets', raw: json(tweet()).replace(/"createdAt":\d+/, '"createdAt":NaN'), status: 400 },
      { name: 'tweets: wrong type', path: '/tweets', raw: json(tweet({ createdAt: 'yesterday' })), status: 400, field: 'createdAt' },
      { name: 'tweets: NUL in the id', path: '/tweets', raw: json(tweet({ id: 'a\u0000b' })), status: 400, field: 'id' },
      { name: 'tweets: future createdAt', path: '/tweets', raw: json(tweet({ createdAt: Date.now() + DAY })), status: 400, field: 'createdAt' },
      { name: 'tweets: negative createdAt', path: '/tweets', raw: json(tweet({ createdAt: -5 })), status: 400, field: 'createdAt' },
      { name: 'tweets: text too long', path: '/tweets', raw: json(tweet({ text: 'x'.repeat(2001) })), status: 400, field: 'text' },
      { name: 'tweets: oversized body', path: '/tweets', raw: json({ tweets: Array.from({ length: 3000 }, (_, i) => tweet({ id: `big-${i}`, text: 'y'.repeat(1000) })) }), status: 413 },
      { name: 'tweets: deep nesting', path: '/tweets', raw: `{"tweets":${nested(3000)}}`, status: 400 },
      { name: 'tweets: a batch with one bad item (all or nothing)', path: '/tweets', raw: json({ tweets: [tweet({ id: 'ok-1' }), tweet({ id: 'ok-2', lang: 7 })] }), status: 400, field: 'tweets[1].lang' },
      { name: 'tweets: not JSON', path: '/tweets', raw: 'id=1&text=hello', status: 400, contentType: 'application/x-www-form-urlencoded' },
      { name: 'prices: truncated JSON', path: '/prices', raw: '{"ticker":"TS', status: 400 },
      { name: 'prices: Infinity literal', path: '/prices', raw: json(price()).replace('251.5', 'Infinity'), status: 400 },
      { name: 'prices: 1e400 (Infinity once parsed)', path: '/prices', raw: json(price()).replace('251.5', '1e400'), status: 400, field: 'price' },
      { name: 'prices: negative price', path: '/prices', raw: json(price({ price: -1 })), status: 400, field: 'price' },
      { name: 'prices: wrong type', path: '/prices', raw: json(price({ price: '251' })), status: 400, field: 'price' },
      { name: 'prices: future ts', path: '/prices', raw: json(price({ ts: Date.UTC(2100, 0, 1) })), status: 400, field: 'ts' },
      { name: 'prices: negative ts', path: '/prices', raw: json(price({ ts: -1 })), status: 400, field: 'ts' },
      { name: 'prices: control characters in the ticker', path: '/prices', raw: json(price({ ticker: 'TS\u0000LA' })), status: 400, field: 'ticker' },
      { name: 'devices: truncated JSON', path: '/devices', raw: '{"kind":"mach', status: 400 },
      { name: 'devices: wrong kind', path: '/devices', raw: json({ kind: 'toaster', model: 'x' }), status: 400, field: 'kind' },
      { name: 'devices: wrong type', path: '/devices', raw: json({ kind: 'machine', model: 42 }), status: 400, field: 'model' },
      { name: 'devices: NUL in the model', path: '/devices', raw: json({ kind: 'machine', model: 'exc\u0000avator' }), status: 400, field: 'model' },
      { name: 'devices: control characters in the site', path: '/devices', raw: json({ kind: 'machine', model: 'excavator-20t', site: 'yard\u001b[2J' }), status: 400, field: 'site' },
      { name: 'devices: NUL in the id', path: '/devices', raw: json({ deviceId: 'exc\u0000-9', kind: 'machine', model: 'x' }), status: 400, field: 'deviceId' },
      { name: 'devices: unknown field', path: '/devices', raw: json({ kind: 'machine', model: 'x', secretHash: 'mine' }), status: 400 },
      { name: 'devices: deep nesting', path: '/devices', raw: `{"kind":"machine","model":${nested(3000)}}`, status: 400 },
    ];

    let devicesBefore = 0;
    beforeAll(async () => {
      devicesBefore = await deviceCount();
    });

    it.each(cases)('$name → $status', async ({ path, raw, status, field, contentType }) => {
      const res = await post(path, raw, contentType);
      expect(res.status).toBe(status);
      if (field) expect(res.text).toContain(field);
    });

    it('stored nothing: no tweet, no price, no device', async () => {
      expect(rig.records.json<TweetV2>(TOPICS.tweets).map((t) => t.id)).toEqual(['ctl-1']);
      expect(onTopic(TOPICS.prices)).toHaveLength(0);
      expect(await deviceCount()).toBe(devicesBefore);
    });
  });

  it('still serves a good client afterwards: its reading is PUBACKed and on the bus', async () => {
    const health = await rig.app.request('GET', '/health');
    expect(health.status).toBe(200);
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${rig.mqttPort}`, { clientId: machine.deviceId, username: machine.deviceId, password: machine.password, reconnectPeriod: 0 });
    await client.publishAsync(deviceTopic(machine.deviceId, 'telemetry'), json(reading(1000)), { qos: 1 });
    await client.endAsync();
    await expectEventually(() => expect(rig.records.json<{ seq: number }>(TOPICS.machineTelemetry).map((r) => r.seq)).toEqual([1000]));
    expect((await post('/prices', json({ ticker: 'TSLA', price: 251.5, ts: Date.now() }))).status).toBe(202);
  });
});
