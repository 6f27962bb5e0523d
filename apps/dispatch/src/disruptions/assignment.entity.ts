import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A vehicle sent to a request; active while `releasedAt` is null (one active assignment per vehicle). */
@Entity({ name: 'assignments' })
export class AssignmentEntity {
  @PrimaryColumn('bigint', { name: 'assignment_id' }) assignmentId!: string;
  @Column('text', { name: 'request_id' }) requestId!: string;
  @Column('text', { name: 'vehicle_id' }) vehicleId!: string;
  /** great-circle distance from the vehicle's position to the station when assigned, metres */
  @Column('integer', { name: 'distance_m' }) distanceM!: number;
  @Column('timestamptz', { name: 'assigned_at' }) assignedAt!: Date;
  @Column('timestamptz', { name: 'released_at', nullable: true }) releasedAt!: Date | null;
  /** disruption-ended | vehicle-unavailable */
  @Column('text', { name: 'release_reason', nullable: true }) releaseReason!: string | null;
}
