import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last telemetry offset whose effects are in the machine states, per partition. */
@Entity({ name: 'consumer_offsets' })
export class ConsumerOffsetEntity {
  @PrimaryColumn('text') topic!: string;
  @PrimaryColumn('integer') partition!: number;
  @Column('bigint') offset!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
