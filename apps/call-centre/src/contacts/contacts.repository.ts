import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { CALL_CENTRE_TOKENS } from '../call-centre.constants';
import type { ContactEntity } from './contact.entity';

type Row = Record<string, unknown>;

function toContact(r: Row): ContactEntity {
  return {
    vehicleId: r.vehicle_id as string,
    ownerName: r.owner_name as string,
    ownerPhone: r.owner_phone as string,
    driverName: (r.driver_name as string | null) ?? null,
    driverPhone: (r.driver_phone as string | null) ?? null,
    email: (r.email as string | null) ?? null,
    notes: (r.notes as string | null) ?? null,
    updatedAt: new Date(r.updated_at as string),
    updatedBy: r.updated_by as string,
  };
}

@Injectable()
export class ContactsRepository {
  constructor(@Inject(CALL_CENTRE_TOKENS.dataSource) private readonly dataSource: DataSource) {}

  async find(vehicleId: string): Promise<ContactEntity | null> {
    const rows = (await this.dataSource.query(`SELECT * FROM call_centre.contacts WHERE vehicle_id = $1`, [vehicleId])) as Row[];
    return rows[0] ? toContact(rows[0]) : null;
  }

  async upsert(c: Omit<ContactEntity, 'updatedAt'> & { updatedAt: number }): Promise<{ contact: ContactEntity; created: boolean }> {
    const rows = (await this.dataSource.query(
      `INSERT INTO call_centre.contacts (vehicle_id, owner_name, owner_phone, driver_name, driver_phone, email, notes, updated_at, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (vehicle_id) DO UPDATE SET owner_name = EXCLUDED.owner_name, owner_phone = EXCLUDED.owner_phone,
         driver_name = EXCLUDED.driver_name, driver_phone = EXCLUDED.driver_phone, email = EXCLUDED.email, notes = EXCLUDED.notes,
         updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
       RETURNING *, (xmax = 0) AS created`,
      [c.vehicleId, c.ownerName, c.ownerPhone, c.driverName, c.driverPhone, c.email, c.notes, new Date(c.updatedAt), c.updatedBy],
    )) as Row[];
    return { contact: toContact(rows[0]!), created: rows[0]!.created === true };
  }
}
