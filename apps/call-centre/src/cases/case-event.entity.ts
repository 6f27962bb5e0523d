import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const CASE_EVENT_TYPES = [
  'opened',
  'incident-attached',
  'priority-raised',
  'acknowledged',
  'assigned',
  'in_contact',
  'note',
  'resolved',
  'closed',
  'escalated',
] as const;
export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];

/** One entry of a case's history: who did what, when. */
@Entity({ name: 'case_events' })
export class CaseEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column('uuid', { name: 'case_id' }) caseId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') actor!: string;
  @Column('text') type!: CaseEventType;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: string | null;
  @Column('text', { name: 'to_status', nullable: true }) toStatus!: string | null;
  @Column('jsonb') detail!: Record<string, unknown>;
}
