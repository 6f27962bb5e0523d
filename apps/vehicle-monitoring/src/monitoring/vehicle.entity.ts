import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VehicleMonitorState } from '@tsunagu/vehicle-monitoring';

/** One vehicle: its analysis state and, as columns, its latest position and published availability. */
@Entity({ name: 'vehicles' })
export class VehicleEntity {
  @PrimaryColumn('text', { name: 'vehicle_id' }) vehicleId!: string;
  @Column('text') model!: string;
  @Column('jsonb') state!: VehicleMonitorState;
  /** reading time (epoch ms) of the latest report */
  @Column('bigint', { name: 'last_ts' }) lastTs!: string;
  @Column('bigint', { name: 'last_seq' }) lastSeq!: string;
  @Column('text') availability!: 'moving' | 'parked' | 'incident' | 'offline';
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('real', { name: 'heading_deg' }) headingDeg!: number;
  @Column('real', { name: 'speed_kmh' }) speedKmh!: number;
  /** bumped by every write (the consumer's cache compares it) */
  @Column('bigint') version!: string;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
