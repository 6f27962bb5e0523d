import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Seconds per engine state of one machine on one UTC day. */
@Entity({ name: 'utilisation_daily' })
export class UtilisationDayEntity {
  @PrimaryColumn('text', { name: 'machine_id' }) machineId!: string;
  @PrimaryColumn('date') day!: string;
  @Column('text') model!: string;
  @Column('double precision', { name: 'off_sec' }) offSec!: number;
  @Column('double precision', { name: 'idle_sec' }) idleSec!: number;
  @Column('double precision', { name: 'working_sec' }) workingSec!: number;
  @Column('double precision', { name: 'travelling_sec' }) travellingSec!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
