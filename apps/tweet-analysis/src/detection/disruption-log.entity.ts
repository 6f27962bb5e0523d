import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TransitDisruptionV1 } from '@tsunagu/contracts';

/** Every disruption change emitted, as published. */
@Entity({ name: 'disruptions' })
export class DisruptionLogEntity {
  @PrimaryColumn('text', { name: 'disruption_id' }) disruptionId!: string;
  @PrimaryColumn('text') status!: 'started' | 'ended';
  @Column('text', { name: 'line_id' }) lineId!: string;
  @Column('jsonb') payload!: TransitDisruptionV1;
  /** analysis clock, epoch ms */
  @Column('bigint', { name: 'emitted_at' }) emittedAt!: number;
}
