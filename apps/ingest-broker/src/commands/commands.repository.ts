import { Injectable } from '@nestjs/common';
import type { CommandState, DeviceCommandAckV1 } from '@tsunagu/contracts';
import { ServiceDatabase, type Tx } from '@tsunagu/platform';
import { deviceCommandsTable as C, type DeviceCommandRow } from './commands.tables';

export type NewCommand = Pick<DeviceCommandRow, 'commandId' | 'deviceId' | 'name' | 'args' | 'requestedBy' | 'source' | 'queuedAt' | 'expiresAt'>;

type Runner = Pick<ServiceDatabase, 'query'> | Tx;

/** Every database access of device commands. State changes are conditional updates, so instances never undo each other. */
@Injectable()
export class CommandsRepository {
  constructor(private readonly db: ServiceDatabase) {}

  /** Queues a command; null when its id is taken (the existing row is returned by `find`). */
  async insert(c: NewCommand, runner: Runner = this.db): Promise<DeviceCommandRow | null> {
    const rows = await runner.query(
      `INSERT INTO ${C.qualified} (command_id, device_id, name, args, state, requested_by, source, queued_at, expires_at)
       VALUES ($1, $2, $3, $4, 'queued', $5, $6, $7, $8)
       ON CONFLICT (command_id) DO NOTHING RETURNING ${C.select()}`,
      [c.commandId, c.deviceId, c.name, JSON.stringify(c.args), c.requestedBy, c.source, c.queuedAt, c.expiresAt],
    );
    return rows[0] ? C.parse(rows[0]) : null;
  }

  async find(commandId: string): Promise<DeviceCommandRow | null> {
    const rows = await this.db.query(`SELECT ${C.select()} FROM ${C.qualified} WHERE command_id = $1`, [commandId]);
    return rows[0] ? C.parse(rows[0]) : null;
  }

  async listFor(deviceId: string, state: CommandState | undefined, limit: number): Promise<DeviceCommandRow[]> {
    const rows = await this.db.query(
      `SELECT ${C.select()} FROM ${C.qualified} WHERE device_id = $1 AND ($2::text IS NULL OR state = $2) ORDER BY queued_at DESC, command_id LIMIT $3`,
      [deviceId, state ?? null, limit],
    );
    return rows.map(C.parse);
  }

  /** The newest commands of every device (the console's view of the fleet). */
  async listRecent(state: CommandState | undefined, limit: number): Promise<DeviceCommandRow[]> {
    const rows = await this.db.query(
      `SELECT ${C.select()} FROM ${C.qualified} WHERE ($1::text IS NULL OR state = $1) ORDER BY queued_at DESC, command_id LIMIT $2`,
      [state ?? null, limit],
    );
    return rows.map(C.parse);
  }

  /**
   * Claims the queued, unexpired commands of some devices for delivery by one
   * instance (oldest first per device): they become `delivered` here, so no other
   * instance sends them too. SKIP LOCKED keeps two claimers from waiting on each other.
   */
  async claimQueued(deviceIds: readonly string[], now: Date, brokerId: string, limit = 500): Promise<DeviceCommandRow[]> {
    if (deviceIds.length === 0) return [];
    const rows = await this.db.query(
      `UPDATE ${C.qualified} c SET state = 'delivered', delivered_at = $2, delivered_by = $3
       WHERE c.command_id IN (
         SELECT command_id FROM ${C.qualified} WHERE state = 'queued' AND device_id = ANY($1::text[]) AND expires_at > $2
         ORDER BY queued_at, command_id LIMIT $4 FOR UPDATE SKIP LOCKED)
       RETURNING ${C.select('c')}`,
      [deviceIds, now, brokerId, limit],
    );
    return rows.map(C.parse).sort((a, b) => a.queuedAt.getTime() - b.queuedAt.getTime() || a.commandId.localeCompare(b.commandId));
  }

  /** Gives a claimed command back (the session ended before it could be sent). */
  async unclaim(commandId: string): Promise<void> {
    await this.db.query(`UPDATE ${C.qualified} SET state = 'queued', delivered_at = NULL, delivered_by = NULL WHERE command_id = $1 AND state = 'delivered'`, [commandId]);
  }

  /** The device's answer: only for its own command, and only while it is delivered (an expired one stays expired). */
  async complete(deviceId: string, ack: DeviceCommandAckV1, now: Date): Promise<DeviceCommandRow | null> {
    const rows = await this.db.query(
      `UPDATE ${C.qualified} SET state = $3, completed_at = $4, result = $5, error = $6
       WHERE command_id = $1 AND device_id = $2 AND state = 'delivered' RETURNING ${C.select()}`,
      [ack.commandId, deviceId, ack.status, now, ack.result === undefined ? null : JSON.stringify(ack.result), ack.error ?? null],
    );
    return rows[0] ? C.parse(rows[0]) : null;
  }

  /** Open commands past their expiry become `expired`; returns them. */
  async expireDue(now: Date): Promise<DeviceCommandRow[]> {
    const rows = await this.db.query(
      `UPDATE ${C.qualified} SET state = 'expired', completed_at = $1
       WHERE state IN ('queued', 'delivered') AND expires_at <= $1 RETURNING ${C.select()}`,
      [now],
    );
    return rows.map(C.parse);
  }
}
