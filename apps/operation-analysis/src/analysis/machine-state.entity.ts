import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { MachineState } from '@tsunagu/operation-analysis';

/** What the detectors keep per machine (plain JSON from the analysis library). */
@Entity({ name: 'machine_states' })
export class MachineStateEntity {
  @PrimaryColumn('text', { name: 'machine_id' }) machineId!: string;
  @Column('text') model!: string;
  @Column('jsonb') state!: MachineState;
  /** ts of the latest reading analysed */
  @Column('timestamptz', { name: 'last_ts' }) lastTs!: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
