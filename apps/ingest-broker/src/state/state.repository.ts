import { Injectable } from '@nestjs/common';
import type { StateDocument } from '@tsunagu/contracts';
import { ServiceDatabase } from '@tsunagu/platform';
import { deviceStateTable as S, type DeviceStateRow } from './state.tables';

/** Every database access of device state. Each change is one conditional statement on the version it was based on. */
@Injectable()
export class StateRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** The device's state (version 0, empty documents, until anything was set or reported). */
  async get(deviceId: string): Promise<DeviceStateRow> {
    const rows = await this.db.query(`SELECT ${S.select()} FROM ${S.qualified} WHERE device_id = $1`, [deviceId]);
    if (rows[0]) return S.parse(rows[0]);
    return { deviceId, desired: {}, desiredVersion: 0, desiredBy: null, desiredAt: null, reported: {}, reportedVersion: 0, reportedAt: null, deliveredVersion: 0 };
  }

  /** The row a first change updates. */
  async ensure(deviceId: string): Promise<void> {
    await this.db.query(`INSERT INTO ${S.qualified} (device_id) VALUES ($1) ON CONFLICT (device_id) DO NOTHING`, [deviceId]);
  }

  /** Sets desired if it is still at `expectedVersion`; null when another change came first. */
  async setDesired(deviceId: string, expectedVersion: number, desired: StateDocument, by: string, at: Date): Promise<DeviceStateRow | null> {
    await this.ensure(deviceId);
    const rows = await this.db.query(
      `UPDATE ${S.qualified} SET desired = $3, desired_version = desired_version + 1, desired_by = $4, desired_at = $5
       WHERE device_id = $1 AND desired_version = $2 RETURNING ${S.select()}`,
      [deviceId, expectedVersion, JSON.stringify(desired), by, at],
    );
    return rows[0] ? S.parse(rows[0]) : null;
  }

  /** Stores a merged report if the reported version is still `expectedVersion`; null when it moved on. */
  async setReported(deviceId: string, expectedVersion: number, reported: StateDocument, at: Date): Promise<DeviceStateRow | null> {
    await this.ensure(deviceId);
    const rows = await this.db.query(
      `UPDATE ${S.qualified} SET reported = $3, reported_version = reported_version + 1, reported_at = $4
       WHERE device_id = $1 AND reported_version = $2 RETURNING ${S.select()}`,
      [deviceId, expectedVersion, JSON.stringify(reported), at],
    );
    return rows[0] ? S.parse(rows[0]) : null;
  }

  async markDelivered(deviceId: string, version: number): Promise<void> {
    await this.db.query(`UPDATE ${S.qualified} SET delivered_version = GREATEST(delivered_version, $2) WHERE device_id = $1`, [deviceId, version]);
  }

  /** Of these devices, those whose desired version was not sent yet. */
  async undelivered(deviceIds: readonly string[]): Promise<DeviceStateRow[]> {
    if (deviceIds.length === 0) return [];
    const rows = await this.db.query(`SELECT ${S.select()} FROM ${S.qualified} WHERE device_id = ANY($1::text[]) AND delivered_version < desired_version`, [deviceIds]);
    return rows.map(S.parse);
  }
}
