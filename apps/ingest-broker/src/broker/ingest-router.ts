import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import {
  MQTT_CHANNELS,
  TOPICS,
  deviceCommandAckV1Schema,
  deviceReportedStateV1Schema,
  parseJson,
  type DeadLetterV1,
  type DevicePresenceV1,
  type MqttChannel,
  type ParsedDeviceTopic,
  type TopicValue,
} from '@tsunagu/contracts';
import { PLATFORM_TOKENS, Publisher, createLogger, encodePayload, type Cause, type Metrics } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import type { DeviceIdentity } from '../devices/devices.service';
import type { DeviceKind } from '../devices/devices.tables';
import { TweetIntakeService } from '../tweets/tweet-intake.service';
import { CommandsService } from '../commands/commands.service';
import { StateService } from '../state/state.service';
import { BROKER_ID } from './broker-id';
import { IntakeSchemas } from './intake-schemas';

/** What a device may put in its `status` channel (also its last will). */
const statusSchema = z.object({ online: z.boolean() }).loose();

/** The channel each kind of device publishes its data on (besides `status`). */
const DATA_CHANNEL: Record<DeviceKind, MqttChannel> = {
  machine: MQTT_CHANNELS.telemetry,
  vehicle: MQTT_CHANNELS.telemetry,
  'tweet-source': MQTT_CHANNELS.tweets,
};

type TelemetryTopic = typeof TOPICS.machineTelemetry | typeof TOPICS.vehicleTelemetry;

/** Device → platform channels every kind has besides its data channel. */
const COMMON_CHANNELS = new Set<MqttChannel>([MQTT_CHANNELS.status, MQTT_CHANNELS.commandAck, MQTT_CHANNELS.stateReported]);

/** Channels a device of each kind may publish on. */
export function mayPublish(kind: DeviceKind, channel: MqttChannel): boolean {
  return COMMON_CHANNELS.has(channel) || channel === DATA_CHANNEL[kind];
}

/** Dead letters keep at most this much of an oversized payload (Kafka's record limit is 1 MB). */
const DEAD_LETTER_PAYLOAD_CAP = 16 * 1024;

export type RouteOutcome = 'accepted' | DeadLetterV1['reason'];

/** An authorised MQTT message, as the router takes it. */
export interface InboundMessage {
  readonly device: DeviceIdentity;
  readonly topic: ParsedDeviceTopic & { readonly name: string };
  readonly payload: Buffer;
  /** the device's last will, published by the broker for it */
  readonly isWill: boolean;
}

/**
 * Every authorised MQTT message passes here, whatever its channel: the size limit
 * first, then the channel's schema, then the hand-off to the bus. Resolves only
 * once the bus has the record (Kafka acknowledged it): the broker sends PUBACK
 * after that. A bad message resolves too, after its dead letter is durable: it can
 * never become valid, so the device must not resend it.
 */
@Injectable()
export class IngestRouter {
  private readonly logger = createLogger('ingest.router');
  private readonly received;
  private readonly latency;
  readonly brokerId: string;

  constructor(
    private readonly publisher: Publisher,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
    private readonly tweets: TweetIntakeService,
    private readonly schemas: IntakeSchemas,
    private readonly commands: CommandsService,
    private readonly state: StateService,
    @Inject(BROKER_ID) brokerId: string,
  ) {
    this.brokerId = brokerId;
    this.received = metrics.counter('ingest_messages_total', 'MQTT messages by outcome', ['outcome', 'kind']);
    this.latency = metrics.histogram(
      'ingest_bus_ack_seconds',
      'time from MQTT receipt to bus (Kafka) acknowledgement',
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    );
  }

  async route(m: InboundMessage): Promise<RouteOutcome> {
    const started = process.hrtime.bigint();
    const max = this.options.maxPayloadBytes ?? 64 * 1024;
    if (m.payload.length > max) return this.reject(m, 'payload-too-large', `payload is ${m.payload.length} bytes; the limit is ${max}`);
    const outcome = await this.byChannel(m);
    if (outcome === 'accepted') {
      this.received.inc({ outcome, kind: m.device.kind });
      this.latency.observe(Number(process.hrtime.bigint() - started) / 1e9);
    }
    return outcome;
  }

  private byChannel(m: InboundMessage): Promise<RouteOutcome> {
    switch (m.topic.channel) {
      case MQTT_CHANNELS.status:
        return this.status(m);
      case MQTT_CHANNELS.commandAck:
        return this.commandAck(m);
      case MQTT_CHANNELS.stateReported:
        return this.stateReported(m);
      default:
        return this.data(m);
    }
  }

  /** A device's answer to a command: only its own commands (the repository matches the device id too). */
  private async commandAck(m: InboundMessage): Promise<RouteOutcome> {
    const parsed = parseJson(deviceCommandAckV1Schema, m.payload);
    if (!parsed.ok) return this.reject(m, parsed.reason, parsed.detail);
    await this.commands.acknowledge(m.device.deviceId, parsed.value);
    return 'accepted';
  }

  /** A device's reported state (a stale one is refused by the state service and audited, not dead-lettered: it was well formed). */
  private async stateReported(m: InboundMessage): Promise<RouteOutcome> {
    const parsed = parseJson(deviceReportedStateV1Schema, m.payload);
    if (!parsed.ok) return this.reject(m, parsed.reason, parsed.detail);
    await this.state.report(m.device.deviceId, parsed.value);
    return 'accepted';
  }

  private async data(m: InboundMessage): Promise<RouteOutcome> {
    switch (m.device.kind) {
      case 'machine':
        return this.telemetry(m, TOPICS.machineTelemetry, this.schemas.machineReading);
      case 'vehicle':
        return this.telemetry(m, TOPICS.vehicleTelemetry, this.schemas.vehicleReading);
      case 'tweet-source': {
        const parsed = parseJson(this.schemas.tweet, m.payload);
        if (!parsed.ok) return this.reject(m, parsed.reason, parsed.detail);
        await this.tweets.accept([parsed.value], { topic: `mqtt:${m.topic.name}` });
        return 'accepted';
      }
    }
  }

  /** A reading: the device's payload plus who sent it and when it arrived (what the topic's contract adds). */
  private async telemetry<T extends TelemetryTopic>(m: InboundMessage, topic: T, payloadSchema: z.ZodType<{ seq: number }>): Promise<RouteOutcome> {
    const parsed = parseJson(payloadSchema, m.payload);
    if (!parsed.ok) return this.reject(m, parsed.reason, parsed.detail);
    // the parsed value is a fresh object (zod's or the fast path's): it becomes the record, no copy
    const value = Object.assign(parsed.value, { deviceId: m.device.deviceId, model: m.device.model, receivedAt: Date.now() }) as unknown as TopicValue<T>;
    await this.publisher.publish(topic, [{ value, cause: { topic: `mqtt:${m.topic.name}` }, correlationId: `${m.device.deviceId}:${parsed.value.seq}` }]);
    return 'accepted';
  }

  private async status(m: InboundMessage): Promise<RouteOutcome> {
    const parsed = parseJson(statusSchema, m.payload);
    if (!parsed.ok) return this.reject(m, parsed.reason, parsed.detail);
    const reason = m.isWill ? 'will' : parsed.value.online ? 'connect' : 'disconnect';
    await this.presence(m.device.deviceId, parsed.value.online, reason, { topic: `mqtt:${m.topic.name}` });
    return 'accepted';
  }

  /** Presence, from a status message or the broker's own connect / disconnect events. */
  async presence(deviceId: string, online: boolean, reason: DevicePresenceV1['reason'], cause: Cause = { topic: `broker:${this.brokerId}` }): Promise<void> {
    const value: DevicePresenceV1 = { deviceId, online, reason, at: Date.now(), brokerId: this.brokerId };
    await this.publisher.publish(TOPICS.devicePresence, [{ value, cause }]);
  }

  private async reject(m: InboundMessage, reason: DeadLetterV1['reason'], detail: string): Promise<RouteOutcome> {
    const { device, payload } = m;
    this.received.inc({ outcome: reason, kind: device.kind });
    this.logger.warn('message dead-lettered', { deviceId: device.deviceId, mqttTopic: m.topic.name, reason, detail, bytes: payload.length });
    const kept = payload.length > DEAD_LETTER_PAYLOAD_CAP ? payload.subarray(0, DEAD_LETTER_PAYLOAD_CAP) : payload;
    const letter: DeadLetterV1 = {
      reason,
      detail: (payload.length > DEAD_LETTER_PAYLOAD_CAP ? `${detail} (payload truncated to ${DEAD_LETTER_PAYLOAD_CAP} bytes)` : detail).slice(0, 4000),
      origin: { topic: m.topic.name, mqttTopic: m.topic.name },
      deviceId: device.deviceId,
      key: device.deviceId,
      ...encodePayload(kept),
      payloadBytes: payload.length,
      rejectedBy: this.brokerId,
      rejectedAt: Date.now(),
    };
    await this.publisher.publish(TOPICS.telemetryDeadLetter, [{ value: letter, cause: { topic: `mqtt:${m.topic.name}` } }]);
    return reason;
  }
}
