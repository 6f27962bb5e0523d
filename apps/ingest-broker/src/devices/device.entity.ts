import { Column, Entity, PrimaryColumn } from 'typeorm';

export const DEVICE_KINDS = ['machine', 'vehicle', 'tweet-source'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/** A provisioned device. Only a salted scrypt hash of its secret is stored. */
@Entity({ name: 'devices' })
export class DeviceEntity {
  @PrimaryColumn({ name: 'device_id', type: 'text' })
  deviceId!: string;

  @Column({ type: 'text' })
  kind!: DeviceKind;

  @Column({ type: 'text' })
  model!: string;

  @Column({ type: 'text', nullable: true })
  site!: string | null;

  /** `scrypt$N$r$p$salt$hash`, base64 parts */
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'boolean', default: false })
  online!: boolean;

  @Column({ name: 'last_seen_at', type: 'timestamptz', nullable: true })
  lastSeenAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt!: Date | null;
}
