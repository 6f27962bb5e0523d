import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The last offset whose effect is in the database, per topic partition. */
@Entity({ name: 'consumer_offsets' })
export class ConsumerOffsetEntity {
  @PrimaryColumn('text') topic!: string;
  @PrimaryColumn('integer') partition!: number;
  @Column('bigint', { name: 'last_offset' }) lastOffset!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
