import { Inject, Injectable } from '@nestjs/common';
import {
  MQTT_CHANNELS,
  mergeReported,
  stateDelta,
  type DeviceDesiredStateMessageV1,
  type DeviceReportedStateV1,
  type StateDocument,
} from '@tsunagu/contracts';
import { PLATFORM_TOKENS, createLogger, type Clock } from '@tsunagu/platform';
import { DeviceChannels } from '../broker/device-channels';
import { DeviceRegistryException, DEVICE_REGISTRY_ERROR } from '../devices/device-registry.exception';
import { DevicesService } from '../devices/devices.service';
import { StateRepository } from './state.repository';
import type { DeviceStateRow } from './state.tables';

/** A device's state as the API shows it: both documents, their versions, and the delta. */
export interface DeviceStateView extends DeviceStateRow {
  readonly delta: StateDocument;
}

/**
 * Desired and reported state (a device shadow). Operators set desired naming the
 * version they saw (a stale one is refused); the device reports; the delta is sent
 * to the device on `…/state/desired` when desired changes and whenever the device
 * subscribes again while a delta is left (a reconnect).
 */
@Injectable()
export class StateService {
  private readonly logger = createLogger('ingest.state');

  constructor(
    private readonly repository: StateRepository,
    private readonly devices: DevicesService,
    private readonly channels: DeviceChannels,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    channels.onReady((deviceId, channel) => {
      if (channel === MQTT_CHANNELS.stateDesired) void this.sendOnSubscribe(deviceId);
    });
  }

  async get(deviceId: string): Promise<DeviceStateView> {
    await this.devices.get(deviceId);
    return view(await this.repository.get(deviceId));
  }

  /** Replaces desired if `expectedVersion` is still current (409 with the current version otherwise). */
  async setDesired(deviceId: string, expectedVersion: number, desired: StateDocument, actor: string): Promise<DeviceStateView> {
    await this.devices.get(deviceId);
    const row = await this.repository.setDesired(deviceId, expectedVersion, desired, actor, new Date(this.clock.now()));
    if (!row) {
      const current = await this.repository.get(deviceId);
      throw new DeviceRegistryException(
        DEVICE_REGISTRY_ERROR.stateVersionConflict,
        `desired state of ${deviceId} is at version ${current.desiredVersion}, not ${expectedVersion}: read it again and reapply the change`,
        { currentVersion: current.desiredVersion },
      );
    }
    this.devices.record(deviceId, 'desired-state-changed', `version ${row.desiredVersion}: ${JSON.stringify(desired).slice(0, 400)}`, actor);
    if (this.channels.isReady(deviceId, MQTT_CHANNELS.stateDesired)) await this.send(row).catch((err: Error) => this.logger.info('desired state not sent now', { deviceId, error: err.message }));
    return view(row);
  }

  /** A device's report (MQTT): merged into the last one; with a version, only if that is still the stored one. */
  async report(deviceId: string, report: DeviceReportedStateV1): Promise<boolean> {
    const current = await this.repository.get(deviceId);
    const expected = report.version ?? current.reportedVersion;
    const row = await this.repository.setReported(deviceId, expected, mergeReported(current.reported, report.reported), new Date(this.clock.now()));
    if (!row) {
      this.devices.record(deviceId, 'state-report-refused', `based on reported version ${expected}, stored one moved on`, null);
      return false;
    }
    return true;
  }

  /** Sends the desired versions not yet sent to devices listening here (changes made on another instance). */
  async sweep(): Promise<number> {
    const pending = await this.repository.undelivered(this.channels.readyOn(MQTT_CHANNELS.stateDesired));
    let sent = 0;
    for (const row of pending) {
      try {
        await this.send(row);
        sent += 1;
      } catch (err) {
        this.logger.info('desired state not sent', { deviceId: row.deviceId, error: (err as Error).message });
      }
    }
    return sent;
  }

  /** A (re)connected device subscribed: it gets desired and the delta if its report differs. */
  private async sendOnSubscribe(deviceId: string): Promise<void> {
    try {
      const row = await this.repository.get(deviceId);
      if (row.desiredVersion > row.deliveredVersion || Object.keys(stateDelta(row.desired, row.reported)).length > 0) await this.send(row);
    } catch (err) {
      this.logger.warn('could not send desired state on subscribe', { deviceId, error: (err as Error).message });
    }
  }

  private async send(row: DeviceStateRow): Promise<void> {
    if (row.desiredVersion === 0) return;
    const message: DeviceDesiredStateMessageV1 = { version: row.desiredVersion, desired: row.desired, delta: stateDelta(row.desired, row.reported) };
    await this.channels.send(row.deviceId, MQTT_CHANNELS.stateDesired, Buffer.from(JSON.stringify(message)));
    await this.repository.markDelivered(row.deviceId, row.desiredVersion);
    this.devices.record(row.deviceId, 'desired-state-delivered', `version ${row.desiredVersion}`, null);
  }
}

function view(row: DeviceStateRow): DeviceStateView {
  return { ...row, delta: stateDelta(row.desired, row.reported) };
}
