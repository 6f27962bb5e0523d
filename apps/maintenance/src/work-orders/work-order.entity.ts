import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Severity } from '@tsunagu/contracts';
import type { WorkOrderStatus } from '@tsunagu/maintenance';

/** A work order: one active per dedup key; repeated findings raise its count and worst severity. */
@Entity({ name: 'work_orders' })
export class WorkOrderEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'machine_id' }) machineId!: string;
  @Column('text') model!: string;
  @Column('text', { nullable: true }) site!: string | null;
  @Column('text') component!: string;
  /** the kind of the finding that opened it */
  @Column('text') kind!: string;
  @Column('text', { name: 'dedup_key' }) dedupKey!: string;
  @Column('text') status!: WorkOrderStatus;
  /** the worst severity of its findings */
  @Column('text') severity!: Severity;
  @Column('text') summary!: string;
  @Column('integer', { name: 'finding_count' }) findingCount!: number;
  @Column('timestamptz', { name: 'first_detected_at' }) firstDetectedAt!: Date;
  @Column('timestamptz', { name: 'last_detected_at' }) lastDetectedAt!: Date;
  /** latest trend prediction: seconds from its detection until the limit */
  @Column('double precision', { name: 'predicted_time_to_limit_sec', nullable: true }) predictedTimeToLimitSec!: number | null;
  @Column('timestamptz', { name: 'predicted_limit_at', nullable: true }) predictedLimitAt!: Date | null;
  @Column('double precision', { name: 'engine_hours', nullable: true }) engineHours!: number | null;
  @Column('text', { nullable: true }) assignee!: string | null;
  @Column('timestamptz', { name: 'scheduled_for', nullable: true }) scheduledFor!: Date | null;
  @Column('timestamptz', { name: 'opened_at' }) openedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('text', { name: 'closed_by', nullable: true }) closedBy!: string | null;
}
