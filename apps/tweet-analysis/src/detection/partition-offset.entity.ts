import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last tweet offset whose effects are in the database, per partition. */
@Entity({ name: 'partition_offsets' })
export class PartitionOffsetEntity {
  @PrimaryColumn('text') topic!: string;
  @PrimaryColumn('integer') partition!: number;
  @Column('bigint', { name: 'last_offset' }) lastOffset!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
