import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Position } from '@tsunagu/contracts';
import type { CaseStatus, Priority } from '@tsunagu/call-centre';

/** A call-centre case: one per vehicle and incident kind while open. */
@Entity({ name: 'cases' })
export class CaseEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'vehicle_id' }) vehicleId!: string;
  @Column('text') kind!: string;
  @Column('text') status!: CaseStatus;
  @Column('smallint') priority!: Priority;
  @Column('text') severity!: string;
  @Column('text') summary!: string;
  @Column('text', { name: 'dedup_key' }) dedupKey!: string;
  /** where the vehicle was at the first incident */
  @Column('jsonb') position!: Position;
  @Column('jsonb', { name: 'last_position' }) lastPosition!: Position;
  @Column('integer', { name: 'incident_count' }) incidentCount!: number;
  @Column('text', { name: 'assigned_agent', nullable: true }) assignedAgent!: string | null;
  @Column('timestamptz', { name: 'opened_at' }) openedAt!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
  @Column('timestamptz', { name: 'sla_due_at' }) slaDueAt!: Date;
  @Column('timestamptz', { name: 'acknowledged_at', nullable: true }) acknowledgedAt!: Date | null;
  @Column('timestamptz', { name: 'resolved_at', nullable: true }) resolvedAt!: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
  @Column('timestamptz', { name: 'escalated_at', nullable: true }) escalatedAt!: Date | null;
  @Column('smallint', { name: 'escalation_level' }) escalationLevel!: number;
  @Column('text', { nullable: true }) resolution!: string | null;
}
