import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Evidence, Origin, Severity } from '@tsunagu/contracts';

/** A finding attached to a work order: its evidence timeline. The finding id makes consumption idempotent. */
@Entity({ name: 'work_order_findings' })
export class WorkOrderFindingEntity {
  @PrimaryColumn('text', { name: 'finding_id' }) findingId!: string;
  @Column('uuid', { name: 'work_order_id' }) workOrderId!: string;
  @Column('text') kind!: string;
  @Column('text') severity!: Severity;
  @Column('text') summary!: string;
  @Column('timestamptz', { name: 'detected_at' }) detectedAt!: Date;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('double precision', { name: 'predicted_time_to_limit_sec', nullable: true }) predictedTimeToLimitSec!: number | null;
  @Column('double precision', { name: 'engine_hours', nullable: true }) engineHours!: number | null;
  @Column('jsonb') evidence!: Evidence;
  @Column('jsonb') origin!: Origin;
}
