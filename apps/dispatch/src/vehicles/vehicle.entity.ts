import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { VehicleStateV1 } from '@tsunagu/contracts';

/** The latest known state of a vehicle (from `vehicle.state.updated.v1`). */
@Entity({ name: 'vehicles' })
export class VehicleEntity {
  @PrimaryColumn('text', { name: 'vehicle_id' }) vehicleId!: string;
  /** WGS84 decimal degrees */
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('real', { name: 'heading_deg' }) headingDeg!: number;
  @Column('real', { name: 'speed_kmh' }) speedKmh!: number;
  @Column('text') availability!: VehicleStateV1['availability'];
  /** epoch ms of the state (older updates never overwrite newer ones) */
  @Column('bigint') ts!: number;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt!: Date;
}
