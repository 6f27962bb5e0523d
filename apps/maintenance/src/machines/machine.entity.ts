import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The machine registry: registered by operators or first known from a finding. */
@Entity({ name: 'machines' })
export class MachineEntity {
  @PrimaryColumn('text', { name: 'machine_id' }) machineId!: string;
  @Column('text') model!: string;
  @Column('text', { nullable: true }) site!: string | null;
  /** latest engine hours known (from findings or service records) */
  @Column('double precision', { name: 'engine_hours', nullable: true }) engineHours!: number | null;
  @Column('timestamptz', { name: 'registered_at' }) registeredAt!: Date;
  @Column('timestamptz', { name: 'last_finding_at', nullable: true }) lastFindingAt!: Date | null;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
