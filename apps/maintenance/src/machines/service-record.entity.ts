import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Service history: what was done to a machine, at which engine hours, by whom. */
@Entity({ name: 'service_records' })
export class ServiceRecordEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column('text', { name: 'machine_id' }) machineId!: string;
  @Column('uuid', { name: 'work_order_id', nullable: true }) workOrderId!: string | null;
  @Column('text') task!: string;
  @Column('double precision', { name: 'engine_hours', nullable: true }) engineHours!: number | null;
  @Column('timestamptz', { name: 'performed_at' }) performedAt!: Date;
  @Column('text', { name: 'performed_by' }) performedBy!: string;
  @Column('text', { nullable: true }) note!: string | null;
}
