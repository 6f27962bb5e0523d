import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Evidence, Origin, Position } from '@tsunagu/contracts';

/** A vehicle incident attached to a case; its finding id makes consumption idempotent. */
@Entity({ name: 'case_incidents' })
export class CaseIncidentEntity {
  @PrimaryColumn('text', { name: 'finding_id' }) findingId!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('text') kind!: string;
  @Column('text') severity!: string;
  @Column('text') summary!: string;
  @Column('text', { name: 'dedup_key' }) dedupKey!: string;
  @Column('timestamptz', { name: 'detected_at' }) detectedAt!: Date;
  @Column('jsonb') position!: Position;
  @Column('jsonb') evidence!: Evidence;
  @Column('jsonb', { nullable: true }) dtc!: { code: string; system: string; description: string } | null;
  @Column('real', { name: 'driver_score', nullable: true }) driverScore!: number | null;
  @Column('jsonb') origin!: Origin;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
}
