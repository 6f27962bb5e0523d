import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransitDisruptionV1 } from '@tsunagu/contracts';

/** A transit disruption as received from tweet analysis. */
@Entity({ name: 'disruptions' })
export class DisruptionEntity {
  @PrimaryColumn('text', { name: 'disruption_id' }) disruptionId!: string;
  @Column('text', { name: 'line_id' }) lineId!: string;
  @Column('text', { name: 'line_name' }) lineName!: string;
  @Column('text') kind!: TransitDisruptionV1['kind'];
  @Column('text') status!: 'active' | 'ended';
  @Column('real') confidence!: number;
  @Column('jsonb') stations!: TransitDisruptionV1['stations'];
  @Column('jsonb', { name: 'sample_tweets' }) sampleTweets!: TransitDisruptionV1['sampleTweets'];
  /** epoch ms */
  @Column('bigint', { name: 'started_at' }) startedAt!: number;
  @Column('bigint', { name: 'ended_at', nullable: true }) endedAt!: number | null;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
