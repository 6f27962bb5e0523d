import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Vehicles wanted at one station of a disruption; id = `<disruption id>@<station id>`. */
@Entity({ name: 'requests' })
export class DispatchRequestEntity {
  @PrimaryColumn('text', { name: 'request_id' }) requestId!: string;
  @Column('text', { name: 'disruption_id' }) disruptionId!: string;
  @Column('text', { name: 'station_id' }) stationId!: string;
  @Column('text', { name: 'station_name' }) stationName!: string;
  @Column('double precision') lat!: number;
  @Column('double precision') lon!: number;
  @Column('integer', { name: 'vehicles_wanted' }) vehiclesWanted!: number;
  @Column('text') status!: 'open' | 'closed';
  @Column('timestamptz', { name: 'created_at' }) createdAt!: Date;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt!: Date | null;
}
