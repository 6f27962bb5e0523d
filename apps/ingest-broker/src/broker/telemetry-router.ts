import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  HEADERS,
  MQTT_CHANNELS,
  TOPICS,
  machineTelemetryPayloadV1Schema,
  parseJson,
  tweetV1Schema,
  vehicleTelemetryPayloadV1Schema,
  type DeadLetterV1,
  type DevicePresenceV1,
  type MqttChannel,
  type TweetV1,
} from '@tsunagu/contracts';
import { PLATFORM_TOKENS, createLogger, encodePayload, type MessageBus, type Metrics } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import type { DeviceIdentity } from '../devices/devices.service';
import type { DeviceKind } from '../devices/device.entity';
import { TweetIntakeService } from '../tweets/tweet-intake.service';

/** What a device may put in its `status` channel (also its last will). */
const statusSchema = z.object({ online: z.boolean() }).loose();

/** Per device kind: the channel it publishes data on, its schema, and the Kafka topic. */
const ROUTES: Record<DeviceKind, { channel: MqttChannel; schema: z.ZodType; topic: string }> = {
  machine: { channel: MQTT_CHANNELS.telemetry, schema: machineTelemetryPayloadV1Schema, topic: TOPICS.machineTelemetry },
  vehicle: { channel: MQTT_CHANNELS.telemetry, schema: vehicleTelemetryPayloadV1Schema, topic: TOPICS.vehicleTelemetry },
  'tweet-source': { channel: MQTT_CHANNELS.tweets, schema: tweetV1Schema, topic: TOPICS.tweets },
};

/** Channels a device of each kind may publish on. */
export function mayPublish(kind: DeviceKind, channel: MqttChannel): boolean {
  return channel === MQTT_CHANNELS.status || channel === ROUTES[kind].channel;
}

/** Dead letters keep at most this much of an oversized payload (Kafka's record limit is 1 MB). */
const DEAD_LETTER_PAYLOAD_CAP = 16 * 1024;

export type RouteOutcome = 'accepted' | DeadLetterV1['reason'];

/**
 * Validates one MQTT message and hands it to the bus. Resolves only once the bus
 * has the record (Kafka acknowledged it): the broker sends PUBACK after that.
 * A bad message resolves too, after its dead letter is durable: it can never
 * become valid, so the device must not resend it.
 */
@Injectable()
export class TelemetryRouter {
  private readonly logger = createLogger('ingest.router');
  private readonly received;
  private readonly latency;
  readonly brokerId: string;

  constructor(
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
    @Inject(PLATFORM_TOKENS.serviceName) serviceName: string,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
    private readonly tweets: TweetIntakeService,
  ) {
    this.brokerId = serviceName;
    this.received = metrics.counter('ingest_messages_total', 'MQTT messages by outcome', ['outcome', 'kind']);
    this.latency = metrics.histogram(
      'ingest_bus_ack_seconds',
      'time from MQTT receipt to bus (Kafka) acknowledgement',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    );
  }

  async route(device: DeviceIdentity, channel: MqttChannel, mqttTopic: string, payload: Buffer): Promise<RouteOutcome> {
    const started = process.hrtime.bigint();
    const receivedAt = Date.now();
    const max = this.options.maxPayloadBytes ?? 64 * 1024;
    if (payload.length > max) {
      return this.reject(device, mqttTopic, payload, 'payload-too-large', `payload is ${payload.length} bytes; the limit is ${max}`);
    }
    if (channel === MQTT_CHANNELS.status) return this.routeStatus(device, mqttTopic, payload, false);
    const route = ROUTES[device.kind];
    const parsed = parseJson(route.schema, payload);
    if (!parsed.ok) return this.reject(device, mqttTopic, payload, parsed.reason, parsed.detail);
    if (device.kind === 'tweet-source') {
      await this.tweets.accept([parsed.value as TweetV1], 'mqtt');
    } else {
      const value = parsed.value as { seq: number };
      await this.bus.publish(route.topic, [
        {
          key: device.deviceId,
          value: JSON.stringify({ ...value, deviceId: device.deviceId, model: device.model, receivedAt }),
          headers: { [HEADERS.schema]: route.topic, [HEADERS.correlationId]: `${device.deviceId}:${value.seq}`, [HEADERS.producer]: this.brokerId },
        },
      ]);
    }
    this.received.inc({ outcome: 'accepted', kind: device.kind });
    this.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    return 'accepted';
  }

  /** Presence from the broker's own events (connect, disconnect, will). */
  async presence(deviceId: string, online: boolean, reason: DevicePresenceV1['reason']): Promise<void> {
    const event: DevicePresenceV1 = { deviceId, online, reason, at: Date.now(), brokerId: this.brokerId };
    await this.bus.publish(TOPICS.devicePresence, [
      { key: deviceId, value: JSON.stringify(event), headers: { [HEADERS.schema]: TOPICS.devicePresence } },
    ]);
  }

  async routeStatus(device: DeviceIdentity, mqttTopic: string, payload: Buffer, isWill: boolean): Promise<RouteOutcome> {
    const parsed = parseJson(statusSchema, payload);
    if (!parsed.ok) return this.reject(device, mqttTopic, payload, parsed.reason, parsed.detail);
    await this.presence(device.deviceId, parsed.value.online, isWill ? 'will' : parsed.value.online ? 'connect' : 'disconnect');
    return 'accepted';
  }

  private async reject(
    device: DeviceIdentity,
    mqttTopic: string,
    payload: Buffer,
    reason: DeadLetterV1['reason'],
    detail: string,
  ): Promise<RouteOutcome> {
    this.received.inc({ outcome: reason, kind: device.kind });
    this.logger.warn('message dead-lettered', { deviceId: device.deviceId, mqttTopic, reason, detail, bytes: payload.length });
    const kept = payload.length > DEAD_LETTER_PAYLOAD_CAP ? payload.subarray(0, DEAD_LETTER_PAYLOAD_CAP) : payload;
    const letter: DeadLetterV1 = {
      reason,
      detail: (payload.length > DEAD_LETTER_PAYLOAD_CAP ? `${detail} (payload truncated to ${DEAD_LETTER_PAYLOAD_CAP} bytes)` : detail).slice(0, 4000),
      origin: { topic: mqttTopic, mqttTopic },
      deviceId: device.deviceId,
      key: device.deviceId,
      ...encodePayload(kept),
      payloadBytes: payload.length,
      rejectedBy: this.brokerId,
      rejectedAt: Date.now(),
    };
    await this.bus.publish(TOPICS.telemetryDeadLetter, [
      { key: device.deviceId, value: JSON.stringify(letter), headers: { [HEADERS.schema]: TOPICS.telemetryDeadLetter } },
    ]);
    return reason;
  }
}
