import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One change of a work order's status: who, when, from what to what. */
@Entity({ name: 'work_order_events' })
export class WorkOrderEventEntity {
  @PrimaryColumn('bigint') id!: string;
  @Column('uuid', { name: 'work_order_id' }) workOrderId!: string;
  @Column('timestamptz') at!: Date;
  @Column('text') actor!: string;
  /** the API role of the actor, null for the service itself */
  @Column('text', { nullable: true }) role!: string | null;
  @Column('text', { name: 'from_status', nullable: true }) fromStatus!: string | null;
  @Column('text', { name: 'to_status' }) toStatus!: string;
  @Column('text', { nullable: true }) note!: string | null;
}
