import { Inject, Injectable } from '@nestjs/common';
import type { DataSource, Repository } from 'typeorm';
import { INGEST_DATA_SOURCE } from '../config/ingest-broker.config';
import { DeviceEntity, type DeviceKind } from './device.entity';
import { DeviceEventEntity } from './device-event.entity';

export interface DevicePage {
  readonly items: DeviceEntity[];
  readonly total: number;
}

/** Every database access of the device registry. */
@Injectable()
export class DevicesRepository {
  private readonly devices: Repository<DeviceEntity>;
  private readonly events: Repository<DeviceEventEntity>;

  constructor(@Inject(INGEST_DATA_SOURCE) private readonly dataSource: DataSource) {
    this.devices = dataSource.getRepository(DeviceEntity);
    this.events = dataSource.getRepository(DeviceEventEntity);
  }

  findById(deviceId: string): Promise<DeviceEntity | null> {
    return this.devices.findOneBy({ deviceId });
  }

  /** Inserts a device; false when the id is taken. */
  async insert(device: Pick<DeviceEntity, 'deviceId' | 'kind' | 'model' | 'site' | 'secretHash'>): Promise<boolean> {
    const result = await this.dataSource.query(
      `INSERT INTO "ingest"."devices" ("device_id", "kind", "model", "site", "secret_hash")
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT ("device_id") DO NOTHING RETURNING "device_id"`,
      [device.deviceId, device.kind, device.model, device.site, device.secretHash],
    );
    return (result as unknown[]).length === 1;
  }

  async list(filter: { kind?: DeviceKind; online?: boolean; enabled?: boolean }, page: number, pageSize: number): Promise<DevicePage> {
    const [items, total] = await this.devices.findAndCount({
      where: {
        ...(filter.kind ? { kind: filter.kind } : {}),
        ...(filter.online !== undefined ? { online: filter.online } : {}),
        ...(filter.enabled !== undefined ? { enabled: filter.enabled } : {}),
      },
      order: { deviceId: 'ASC' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    });
    return { items, total };
  }

  async setEnabled(deviceId: string, enabled: boolean): Promise<boolean> {
    const result = await this.devices.update({ deviceId }, { enabled, disabledAt: enabled ? null : new Date() });
    return (result.affected ?? 0) > 0;
  }

  async setSecretHash(deviceId: string, secretHash: string): Promise<boolean> {
    const result = await this.devices.update({ deviceId }, { secretHash });
    return (result.affected ?? 0) > 0;
  }

  async setPresence(deviceId: string, online: boolean, at: Date): Promise<void> {
    await this.devices.update({ deviceId }, { online, lastSeenAt: at });
  }

  /** One statement for many devices' last-seen times. */
  async touchLastSeen(seen: ReadonlyMap<string, number>): Promise<void> {
    if (seen.size === 0) return;
    await this.dataSource.query(
      `UPDATE "ingest"."devices" d SET "last_seen_at" = GREATEST(COALESCE(d."last_seen_at", v.at), v.at)
       FROM (SELECT unnest($1::text[]) AS id, to_timestamp(unnest($2::float8[]) / 1000.0) AS at) v
       WHERE d."device_id" = v.id`,
      [[...seen.keys()], [...seen.values()]],
    );
  }

  async appendEvents(events: ReadonlyArray<Pick<DeviceEventEntity, 'deviceId' | 'event' | 'detail' | 'actor' | 'at'>>): Promise<void> {
    if (events.length === 0) return;
    await this.events.insert(events.map((e) => ({ ...e })));
  }

  listEvents(deviceId: string, limit: number): Promise<DeviceEventEntity[]> {
    return this.events.find({ where: { deviceId }, order: { at: 'DESC', id: 'DESC' }, take: limit });
  }

  async ping(): Promise<void> {
    await this.dataSource.query('SELECT 1');
  }
}
