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
  /** platform → device: commands (the device subscribes). */
  commands: 'commands',
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
  if (rest.length !== 2) return null;
  const [deviceId, channel] = rest as [string, string];
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
  if (tail === '#' || tail === '+') return true;
  return CHANNELS.has(tail);
}
