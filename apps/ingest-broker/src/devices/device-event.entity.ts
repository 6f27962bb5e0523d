import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Audit log of device security and presence events (who, what, when). */
@Entity({ name: 'device_events' })
export class DeviceEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'device_id', type: 'text' })
  deviceId!: string;

  /** provisioned | disabled | enabled | secret-rotated | auth-failed | publish-refused | subscribe-refused | online | offline */
  @Column({ type: 'text' })
  event!: string;

  @Column({ type: 'text', nullable: true })
  detail!: string | null;

  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;
}
