import { Injectable } from '@nestjs/common';
import { deviceTopic, topicMatches, type MqttChannel } from '@tsunagu/contracts';

/** Sends one message to a device connected to this instance; resolves once the broker has written it (QoS 1). */
export type DeviceSender = (deviceId: string, channel: MqttChannel, payload: Buffer) => Promise<void>;

export type ReadyListener = (deviceId: string, channel: MqttChannel) => void;

/**
 * What the platform can send to the devices connected to this broker instance:
 * which device listens on which of its platform → device channels (it subscribed
 * to them in its current session), and the door to send through. The broker
 * fills it in; commands and desired state read it. Devices on other instances
 * are those instances' business (state lives in PostgreSQL, each instance
 * delivers to its own sessions).
 */
@Injectable()
export class DeviceChannels {
  private readonly listening = new Map<string, Set<MqttChannel>>();
  private readonly listeners: ReadyListener[] = [];
  private sender: DeviceSender | null = null;

  attach(sender: DeviceSender): void {
    this.sender = sender;
  }

  onReady(listener: ReadyListener): void {
    this.listeners.push(listener);
  }

  /** A device subscribed: the channels its filters cover become ready (and listeners hear of the new ones). */
  subscribed(deviceId: string, filters: readonly string[], channels: readonly MqttChannel[]): void {
    const ready = this.listening.get(deviceId) ?? new Set<MqttChannel>();
    const added = channels.filter((c) => !ready.has(c) && filters.some((f) => topicMatches(f, deviceTopic(deviceId, c))));
    if (added.length === 0) return;
    for (const c of added) ready.add(c);
    this.listening.set(deviceId, ready);
    for (const c of added) for (const l of this.listeners) l(deviceId, c);
  }

  /** The device's session ended (or was taken over): nothing is ready until it subscribes again. */
  gone(deviceId: string): void {
    this.listening.delete(deviceId);
  }

  isReady(deviceId: string, channel: MqttChannel): boolean {
    return this.listening.get(deviceId)?.has(channel) ?? false;
  }

  /** Devices on this instance listening on a channel. */
  readyOn(channel: MqttChannel): string[] {
    return [...this.listening].filter(([, chans]) => chans.has(channel)).map(([id]) => id);
  }

  async send(deviceId: string, channel: MqttChannel, payload: Buffer): Promise<void> {
    if (!this.sender || !this.isReady(deviceId, channel)) throw new Error(`device ${deviceId} does not listen on ${channel} here`);
    await this.sender(deviceId, channel, payload);
  }
}
