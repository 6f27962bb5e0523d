import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A work order closed by maintenance. Kept until the machine's next telemetry
 * batch applies it to the machine's state (by the instance owning its partition).
 */
@Entity({ name: 'work_order_closures' })
export class WorkOrderClosureEntity {
  @PrimaryColumn('text', { name: 'work_order_id' }) workOrderId!: string;
  @Column('text', { name: 'machine_id' }) machineId!: string;
  @Column('text', { name: 'dedup_key' }) dedupKey!: string;
  @Column('text') status!: 'done' | 'cancelled';
  @Column('timestamptz', { name: 'closed_at' }) closedAt!: Date;
  @Column('text', { name: 'closed_by' }) closedBy!: string;
  @Column('timestamptz', { name: 'received_at' }) receivedAt!: Date;
  @Column('timestamptz', { name: 'applied_at', nullable: true }) appliedAt!: Date | null;
}
