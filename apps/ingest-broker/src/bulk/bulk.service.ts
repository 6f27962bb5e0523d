import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import { DeviceRegistryException, DEVICE_REGISTRY_ERROR } from '../devices/device-registry.exception';
import { DeviceSecretsService } from '../devices/device-secrets.service';
import { DevicesRepository } from '../devices/devices.repository';
import { DevicesService, provisioned, type ProvisionedDevice } from '../devices/devices.service';
import type { DeviceKind } from '../devices/devices.tables';
import { parseBulkFile, type BulkFormat, type BulkRow } from './bulk-file';

/** One line of the report. */
export interface BulkRowReport {
  readonly line: number;
  readonly action?: BulkRow['action'];
  readonly deviceId?: string;
  readonly ok: boolean;
  readonly error?: string;
  /** create: the new device's credentials and topics (shown once) */
  readonly device?: ProvisionedDevice;
  /** rotate: the new secret (shown once) */
  readonly password?: string;
}

export interface BulkReport {
  readonly created: number;
  readonly disabled: number;
  readonly rotated: number;
  readonly rows: BulkRowReport[];
}

/**
 * Bulk provisioning: a whole file (CSV or JSON Lines) of create / disable / rotate
 * rows is checked first (each row's fields, ids repeated in the file, ids that
 * exist or do not), and written in one transaction only when every row is good.
 * Otherwise nothing is written and the report names every bad line. Secrets are
 * in the response only; the database keeps their hashes.
 */
@Injectable()
export class BulkService {
  constructor(
    private readonly db: ServiceDatabase,
    private readonly repository: DevicesRepository,
    private readonly devices: DevicesService,
    private readonly secrets: DeviceSecretsService,
  ) {}

  async apply(format: BulkFormat, content: string, actor: string): Promise<BulkReport> {
    const parsed = parseBulkFile(format, content);
    if (parsed.error) throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.bulkInvalid, parsed.error, { rows: [] });
    const named = parsed.rows.flatMap((r) => (r.ok && r.row.deviceId ? [r.row.deviceId] : []));
    const existing = new Set((await this.repository.findMany([...new Set(named)])).map((d) => d.deviceId));
    const seen = new Map<string, number>();
    const checked: BulkRowReport[] = parsed.rows.map((r) => {
      if (!r.ok) return { line: r.line, ok: false, error: r.error };
      const { action, deviceId } = r.row;
      const fail = (error: string): BulkRowReport => ({ line: r.line, action, deviceId, ok: false, error });
      if (deviceId !== undefined) {
        const first = seen.get(deviceId);
        if (first !== undefined) return fail(`deviceId: ${deviceId} is already on line ${first}`);
        seen.set(deviceId, r.line);
        if (action === 'create' && existing.has(deviceId)) return fail(`deviceId: device ${deviceId} already exists`);
        if (action !== 'create' && !existing.has(deviceId)) return fail(`deviceId: device ${deviceId} not found`);
      }
      return { line: r.line, action, deviceId, ok: true };
    });
    const errors = checked.filter((r) => !r.ok).length;
    if (errors > 0) {
      throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.bulkInvalid, `${errors} of ${checked.length} rows are invalid; nothing was written`, { rows: checked });
    }
    return this.write(parsed.rows.map((r) => (r.ok ? { line: r.line, row: r.row } : null)).filter((r) => r !== null), actor);
  }

  private async write(rows: ReadonlyArray<{ line: number; row: BulkRow }>, actor: string): Promise<BulkReport> {
    const planned = rows.map(({ line, row }) => {
      if (row.action === 'disable') return { line, row, deviceId: row.deviceId };
      const deviceId = row.action === 'create' ? (row.deviceId ?? this.devices.newDeviceId(row.kind)) : row.deviceId;
      const { password, secretHash } = this.secrets.issue();
      return { line, row, deviceId, password, secretHash };
    });
    const creates = planned.flatMap((p) =>
      p.row.action === 'create' ? [{ deviceId: p.deviceId, kind: p.row.kind as DeviceKind, model: p.row.model, site: p.row.site ?? null, secretHash: p.secretHash!, password: p.password! }] : [],
    );
    const disables = planned.filter((p) => p.row.action === 'disable').map((p) => p.deviceId);
    const rotates = planned.flatMap((p) => (p.row.action === 'rotate' ? [{ deviceId: p.deviceId, secretHash: p.secretHash! }] : []));
    await this.db.transaction(async (tx) => {
      const inserted = await this.repository.insertMany(tx, creates);
      const disabled = await this.repository.disableMany(tx, disables);
      const rotated = await this.repository.setSecretHashes(tx, rotates);
      // a device created or deleted since the check: roll back, nothing half-done
      if (inserted.length !== creates.length || disabled !== disables.length || rotated !== rotates.length) {
        throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.bulkConflict, 'the registry changed while the file was applied; nothing was written, send it again');
      }
    });
    this.devices.bulkApplied({ created: creates, disabled: disables, rotated: rotates.map((r) => r.deviceId) }, actor);
    const byId = new Map(creates.map((c) => [c.deviceId, c]));
    return {
      created: creates.length,
      disabled: disables.length,
      rotated: rotates.length,
      rows: planned.map((p) => {
        const created = byId.get(p.deviceId);
        if (p.row.action === 'create' && created) return { line: p.line, action: 'create', deviceId: p.deviceId, ok: true, device: provisioned(created, created.password) };
        if (p.row.action === 'rotate') return { line: p.line, action: 'rotate', deviceId: p.deviceId, ok: true, password: p.password };
        return { line: p.line, action: p.row.action, deviceId: p.deviceId, ok: true };
      }),
    };
  }
}
