import { Injectable } from '@nestjs/common';
import type { Client } from 'aedes';
import type { DevicePresenceV1 } from '@tsunagu/contracts';
import { createLogger } from '@tsunagu/platform';
import { DevicesService, type DeviceIdentity } from '../devices/devices.service';
import { IngestRouter } from './ingest-router';

/**
 * Online / offline per device from the broker's session events. The session that
 * counts is the latest one: a takeover (the same id connecting again) may report
 * the old session's end before or after the new one's start, so a disconnect only
 * counts when it is the current session's. Each device's updates run one after
 * the other, so the last event also makes the last write.
 */
@Injectable()
export class PresenceTracker {
  private readonly logger = createLogger('ingest.presence');
  private readonly current = new Map<string, Client>();
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly devices: DevicesService,
    private readonly router: IngestRouter,
  ) {}

  connected(client: Client, identity: DeviceIdentity): void {
    this.current.set(identity.deviceId, client);
    this.update(identity.deviceId, true, 'connect');
  }

  disconnected(client: Client, identity: DeviceIdentity, reason: DevicePresenceV1['reason']): void {
    if (this.current.get(identity.deviceId) !== client) return; // a session taken over: the new one is online
    this.current.delete(identity.deviceId);
    this.update(identity.deviceId, false, reason);
  }

  /** The live session of a device, if any. */
  sessionOf(deviceId: string): Client | undefined {
    return this.current.get(deviceId);
  }

  /**
   * At start-up: the devices this broker instance showed online before it stopped
   * (a crash leaves them so) are offline now, and say so on the presence topic.
   */
  async endStaleSessions(): Promise<number> {
    const ended = await this.devices.endSessionsOf(this.router.brokerId);
    for (const deviceId of ended) this.update(deviceId, false, 'disconnect', false);
    if (ended.length > 0) this.logger.info('sessions of the previous run ended', { devices: ended.length, brokerId: this.router.brokerId });
    return ended.length;
  }

  /** Resolves when every update so far has been written. */
  async settled(): Promise<void> {
    await Promise.all(this.chains.values());
  }

  private update(deviceId: string, online: boolean, reason: DevicePresenceV1['reason'], write = true): void {
    const previous = this.chains.get(deviceId) ?? Promise.resolve();
    const next = previous.then(async () => {
      try {
        if (write) await this.devices.setPresence(deviceId, online, reason, this.router.brokerId);
        // a will was already published as the device's own status message
        if (reason !== 'will') await this.router.presence(deviceId, online, reason);
      } catch (err) {
        this.logger.warn('could not record presence', { deviceId, online, error: (err as Error).message });
      }
    });
    this.chains.set(deviceId, next);
    void next.then(() => {
      if (this.chains.get(deviceId) === next) this.chains.delete(deviceId);
    });
  }
}
