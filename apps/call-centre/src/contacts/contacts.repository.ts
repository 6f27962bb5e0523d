import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import { contactsTable as K, type ContactRow } from '../call-centre.tables';

/** The contact registry (plain SQL on the service's own schema). */
@Injectable()
export class ContactsRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async find(vehicleId: string): Promise<ContactRow | null> {
    const rows = await this.db.query(`SELECT ${K.select()} FROM ${K.qualified} WHERE vehicle_id = $1`, [vehicleId]);
    return rows[0] ? K.parse(rows[0]) : null;
  }

  /** Creates or replaces a vehicle's contact; `created` tells which. */
  async upsert(c: Omit<ContactRow, 'updatedAt'> & { updatedAt: number }): Promise<{ contact: ContactRow; created: boolean }> {
    const rows = await this.db.query(
      `INSERT INTO ${K.qualified} (vehicle_id, owner_name, owner_phone, driver_name, driver_phone, email, notes, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (vehicle_id) DO UPDATE SET owner_name = EXCLUDED.owner_name, owner_phone = EXCLUDED.owner_phone,
         driver_name = EXCLUDED.driver_name, driver_phone = EXCLUDED.driver_phone, email = EXCLUDED.email, notes = EXCLUDED.notes,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING ${K.select()}, (xmax = 0) AS created`,
      [c.vehicleId, c.ownerName, c.ownerPhone, c.driverName, c.driverPhone, c.email, c.notes, new Date(c.updatedAt), c.updatedBy],
    );
    return { contact: K.parse(rows[0]!), created: rows[0]!.created === true };
  }
}
