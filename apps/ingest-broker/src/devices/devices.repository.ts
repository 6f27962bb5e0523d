import { Injectable } from '@nestjs/common';
import { ServiceDatabase, type Tx } from '@tsunagu/platform';
import { deviceEventsTable as E, devicesTable as D, type DeviceEventRow, type DeviceKind, type DeviceRow } from './devices.tables';

export interface DevicePage {
  readonly items: DeviceRow[];
  readonly total: number;
}

export type NewDeviceEvent = Pick<DeviceEventRow, 'deviceId' | 'event' | 'detail' | 'actor' | 'at'>;

/** A device's session began (online, on `brokerId`) or ended. */
export interface PresenceUpdate {
  readonly deviceId: string;
  readonly online: boolean;
  readonly at: Date;
  readonly brokerId: string;
}

/** Every database access of the device registry. */
@Injectable()
export class DevicesRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async findById(deviceId: string): Promise<DeviceRow | null> {
    const rows = await this.db.query(`SELECT ${D.select()} FROM ${D.qualified} WHERE device_id = $1`, [deviceId]);
    return rows[0] ? D.parse(rows[0]) : null;
  }

  /** Inserts a device; false when the id is taken. */
  async insert(device: Pick<DeviceRow, 'deviceId' | 'kind' | 'model' | 'site' | 'secretHash'>): Promise<boolean> {
    const rows = await this.db.query(
      `INSERT INTO ${D.qualified} (device_id, kind, model, site, secret_hash) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (device_id) DO NOTHING RETURNING device_id`,
      [device.deviceId, device.kind, device.model, device.site, device.secretHash],
    );
    return rows.length === 1;
  }

  async findMany(deviceIds: readonly string[]): Promise<DeviceRow[]> {
    if (deviceIds.length === 0) return [];
    const rows = await this.db.query(`SELECT ${D.select()} FROM ${D.qualified} WHERE device_id = ANY($1::text[])`, [deviceIds]);
    return rows.map(D.parse);
  }

  /** Inserts many devices in one statement; returns the ids inserted (a taken id is left out). */
  async insertMany(tx: Tx, devices: ReadonlyArray<Pick<DeviceRow, 'deviceId' | 'kind' | 'model' | 'site' | 'secretHash'>>): Promise<string[]> {
    if (devices.length === 0) return [];
    const rows = await tx.query<{ device_id: string }>(
      `INSERT INTO ${D.qualified} (device_id, kind, model, site, secret_hash)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       ON CONFLICT (device_id) DO NOTHING RETURNING device_id`,
      [devices.map((d) => d.deviceId), devices.map((d) => d.kind), devices.map((d) => d.model), devices.map((d) => d.site), devices.map((d) => d.secretHash)],
    );
    return rows.map((r) => r.device_id);
  }

  async disableMany(tx: Tx, deviceIds: readonly string[]): Promise<number> {
    if (deviceIds.length === 0) return 0;
    const rows = await tx.query(`UPDATE ${D.qualified} SET enabled = false, disabled_at = now() WHERE device_id = ANY($1::text[]) RETURNING device_id`, [deviceIds]);
    return rows.length;
  }

  async setSecretHashes(tx: Tx, hashes: ReadonlyArray<{ deviceId: string; secretHash: string }>): Promise<number> {
    if (hashes.length === 0) return 0;
    const rows = await tx.query(
      `UPDATE ${D.qualified} d SET secret_hash = v.hash FROM (SELECT unnest($1::text[]) AS id, unnest($2::text[]) AS hash) v WHERE d.device_id = v.id RETURNING d.device_id`,
      [hashes.map((h) => h.deviceId), hashes.map((h) => h.secretHash)],
    );
    return rows.length;
  }

  async list(filter: { kind?: DeviceKind; online?: boolean; enabled?: boolean }, page: number, pageSize: number): Promise<DevicePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.kind) where.push(`kind = $${params.push(filter.kind)}`);
    if (filter.online !== undefined) where.push(`online = $${params.push(filter.online)}`);
    if (filter.enabled !== undefined) where.push(`enabled = $${params.push(filter.enabled)}`);
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [rows, count] = await Promise.all([
      this.db.query(`SELECT ${D.select()} FROM ${D.qualified} ${clause} ORDER BY device_id LIMIT $${params.length + 1} OFFSET $${params.length + 2}`, [
        ...params,
        pageSize,
        (page - 1) * pageSize,
      ]),
      this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${D.qualified} ${clause}`, params),
    ]);
    return { items: rows.map(D.parse), total: count[0]!.n };
  }

  async setEnabled(deviceId: string, enabled: boolean): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE ${D.qualified} SET enabled = $2, disabled_at = CASE WHEN $2 THEN NULL ELSE now() END WHERE device_id = $1 RETURNING device_id`,
      [deviceId, enabled],
    );
    return rows.length > 0;
  }

  async setSecretHash(deviceId: string, secretHash: string): Promise<boolean> {
    const rows = await this.db.query(`UPDATE ${D.qualified} SET secret_hash = $2 WHERE device_id = $1 RETURNING device_id`, [deviceId, secretHash]);
    return rows.length > 0;
  }

  /** Online or offline for many devices in one statement (one update per device: a later one for the same device waits for this). */
  async setPresenceMany(updates: readonly PresenceUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.query(
      `UPDATE ${D.qualified} d SET online = v.online, last_seen_at = v.at, broker_id = CASE WHEN v.online THEN v.broker ELSE NULL END
       FROM unnest($1::text[], $2::bool[], $3::timestamptz[], $4::text[]) AS v(id, online, at, broker)
       WHERE d.device_id = v.id`,
      [updates.map((u) => u.deviceId), updates.map((u) => u.online), updates.map((u) => u.at), updates.map((u) => u.brokerId)],
    );
  }

  /** Replaces a secret's hash only if it is still `expected` (a rotation meanwhile wins); true when replaced. */
  async replaceSecretHash(deviceId: string, expected: string, secretHash: string): Promise<boolean> {
    const rows = await this.db.query(`UPDATE ${D.qualified} SET secret_hash = $3 WHERE device_id = $1 AND secret_hash = $2 RETURNING device_id`, [
      deviceId,
      expected,
      secretHash,
    ]);
    return rows.length > 0;
  }

  /** Marks offline the devices a broker instance held before it (re)started; returns their ids. */
  async endSessionsOf(brokerId: string): Promise<string[]> {
    const rows = await this.db.query<{ device_id: string }>(
      `UPDATE ${D.qualified} SET online = false, broker_id = NULL WHERE online AND broker_id = $1 RETURNING device_id`,
      [brokerId],
    );
    return rows.map((r) => r.device_id);
  }

  /** One statement for many devices' last-seen times. */
  async touchLastSeen(seen: ReadonlyMap<string, number>): Promise<void> {
    if (seen.size === 0) return;
    await this.db.query(
      `UPDATE ${D.qualified} d SET last_seen_at = GREATEST(COALESCE(d.last_seen_at, v.at), v.at)
       FROM (SELECT unnest($1::text[]) AS id, to_timestamp(unnest($2::float8[]) / 1000.0) AS at) v
       WHERE d.device_id = v.id`,
      [[...seen.keys()], [...seen.values()]],
    );
  }

  async appendEvents(events: readonly NewDeviceEvent[]): Promise<void> {
    if (events.length === 0) return;
    await this.db.query(
      `INSERT INTO ${E.qualified} (device_id, event, detail, actor, at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])`,
      [events.map((e) => e.deviceId), events.map((e) => e.event), events.map((e) => e.detail), events.map((e) => e.actor), events.map((e) => e.at)],
    );
  }

  async listEvents(deviceId: string, limit: number): Promise<DeviceEventRow[]> {
    const rows = await this.db.query(`SELECT ${E.select()} FROM ${E.qualified} WHERE device_id = $1 ORDER BY at DESC, id DESC LIMIT $2`, [deviceId, limit]);
    return rows.map(E.parse);
  }
}
