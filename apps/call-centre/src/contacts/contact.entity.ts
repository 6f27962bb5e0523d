import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The owner and driver of a vehicle, shown on its cases so an agent can call. */
@Entity({ name: 'contacts' })
export class ContactEntity {
  @PrimaryColumn('text', { name: 'vehicle_id' }) vehicleId!: string;
  @Column('text', { name: 'owner_name' }) ownerName!: string;
  @Column('text', { name: 'owner_phone' }) ownerPhone!: string;
  @Column('text', { name: 'driver_name', nullable: true }) driverName!: string | null;
  @Column('text', { name: 'driver_phone', nullable: true }) driverPhone!: string | null;
  @Column('text', { nullable: true }) email!: string | null;
  @Column('text', { nullable: true }) notes!: string | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('text', { name: 'updated_by' }) updatedBy!: string;
}
