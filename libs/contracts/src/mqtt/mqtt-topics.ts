/**
 * MQTT topic grammar for devices: `tsunagu/v1/devices/{deviceId}/{channel}`.
 * A device may publish and subscribe only below its own `tsunagu/v1/devices/{deviceId}/`.
 */
export const MQTT_TOPIC_PREFIX = 'tsunagu/v1/devices' as const;

export const MQTT_CHANNELS = {
  /** device → platform: periodic readings and events (QoS 1). */
  telemetry: 'telemetry',
  /** device → platform: tweets, for devices of kind `tweet-source` (QoS 1). */
  tweets: 'tweets',
  /** device → platform: presence, also the last-will topic (`{"online":false}`). */
  status: 'status',
  /** platform → device: commands (the device subscribes; QoS 1, `deviceCommandMessageV1Schema`). */
  commands: 'commands',
  /** device → platform: the result of a command (`deviceCommandAckV1Schema`). */
  commandAck: 'commands/ack',
  /** platform → device: desired state and its delta to the reported state (`deviceDesiredStateMessageV1Schema`, QoS 1). */
  stateDesired: 'state/desired',
  /** device → platform: the state the device has (`deviceReportedStateV1Schema`). */
  stateReported: 'state/reported',
} as const;

export type MqttChannel = (typeof MQTT_CHANNELS)[keyof typeof MQTT_CHANNELS];

const CHANNELS = new Set<string>(Object.values(MQTT_CHANNELS));

/** Device ids: 1..64 of letters, digits, '-', '_', '.'; never MQTT wildcards or '/'. */
export const DEVICE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function deviceTopic(deviceId: string, channel: MqttChannel): string {
  return `${MQTT_TOPIC_PREFIX}/${deviceId}/${channel}`;
}

export interface ParsedDeviceTopic {
  readonly deviceId: string;
  readonly channel: MqttChannel;
}

/** Parses a concrete (wildcard-free) device topic; null when it is not one. */
export function parseDeviceTopic(topic: string): ParsedDeviceTopic | null {
  const prefix = `${MQTT_TOPIC_PREFIX}/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length).split('/');
  if (rest.length < 2) return null;
  // a device id never holds '/', so what follows it is the channel (one or two levels)
  const [deviceId, ...tail] = rest as [string, ...string[]];
  const channel = tail.join('/');
  if (!DEVICE_ID_PATTERN.test(deviceId) || !CHANNELS.has(channel)) return null;
  return { deviceId, channel: channel as MqttChannel };
}

/**
 * True when a subscription filter only matches the device's own topics.
 * `tsunagu/v1/devices/{id}/#` and `tsunagu/v1/devices/{id}/+` are allowed;
 * any filter whose device level is a wildcard or another id is not.
 */
export function isOwnTopicFilter(deviceId: string, filter: string): boolean {
  const own = `${MQTT_TOPIC_PREFIX}/${deviceId}/`;
  if (!filter.startsWith(own)) return false;
  const tail = filter.slice(own.length);
  if (tail === '#' || tail === '+' || tail === 'commands/#' || tail === 'state/#' || tail === 'state/+') return true;
  return CHANNELS.has(tail);
}

/** [MQTT-4.7] whether a subscription filter (with `+` and `#`) matches a concrete topic. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true; // [MQTT-4.7.1-2] '#' also matches the parent level
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
