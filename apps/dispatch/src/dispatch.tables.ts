import type { TransitDisruptionV1, VehicleStateV1 } from '@tsunagu/contracts';
import { column, defineTable, type Lineage, type RowOf } from '@tsunagu/platform';
import { DISPATCH } from './dispatch.constants';

const S = DISPATCH.schema;

/** The latest known state of a vehicle (from `vehicle.state.updated.v1`). */
export const vehiclesTable = defineTable(S, 'vehicles', {
  vehicleId: column.text(),
  /** WGS84 decimal degrees */
  lat: column.double(),
  lon: column.double(),
  headingDeg: column.real(),
  speedKmh: column.real(),
  availability: column.text<VehicleStateV1['availability']>(),
  /** epoch ms of the state (older updates never overwrite newer ones) */
  ts: column.bigint(),
  updatedAt: column.timestamptz(),
});
export type VehicleRow = RowOf<typeof vehiclesTable>;

/** A transit disruption as received from tweet analysis. */
export const disruptionsTable = defineTable(S, 'disruptions', {
  disruptionId: column.text(),
  lineId: column.text(),
  lineName: column.text(),
  kind: column.text<TransitDisruptionV1['kind']>(),
  status: column.text<'active' | 'ended'>(),
  confidence: column.real(),
  stations: column.jsonb<TransitDisruptionV1['stations']>(),
  sampleTweets: column.jsonb<TransitDisruptionV1['sampleTweets']>(),
  /** epoch ms */
  startedAt: column.bigint(),
  endedAt: column.bigint().nullable(),
  receivedAt: column.timestamptz(),
  updatedAt: column.timestamptz(),
  /** the `started` record and the tweet behind it (null when its start was never seen, or it was stored before lineage was kept) */
  lineage: column.jsonb<Lineage>().nullable(),
  /** the `ended` record and what made tweet analysis emit it (a tweet, or its quiet-lines job) */
  endedLineage: column.jsonb<Lineage>().nullable(),
});
export type DisruptionRow = RowOf<typeof disruptionsTable>;

/** Vehicles wanted at one station of a disruption; id = `<disruption id>@<station id>`. */
export const requestsTable = defineTable(S, 'requests', {
  requestId: column.text(),
  disruptionId: column.text(),
  stationId: column.text(),
  stationName: column.text(),
  lat: column.double(),
  lon: column.double(),
  vehiclesWanted: column.integer(),
  status: column.text<'open' | 'closed'>(),
  createdAt: column.timestamptz(),
  closedAt: column.timestamptz().nullable(),
  /** the dispatcher who closed it by hand (null: closed because its disruption ended, or still open) */
  closedBy: column.text().nullable(),
  closeNote: column.text().nullable(),
});
export type RequestRow = RowOf<typeof requestsTable>;

/** A vehicle sent to a request; active while `releasedAt` is null (one active assignment per vehicle). */
export const assignmentsTable = defineTable(S, 'assignments', {
  assignmentId: column.bigintString(),
  requestId: column.text(),
  vehicleId: column.text(),
  /** great-circle distance from the vehicle's position to the station when assigned, metres */
  distanceM: column.integer(),
  assignedAt: column.timestamptz(),
  releasedAt: column.timestamptz().nullable(),
  /** disruption-ended | vehicle-unavailable | request-closed */
  releaseReason: column.text().nullable(),
  /** the consumed record after which it was made (a disruption change or a vehicle state) and that record's cause */
  lineage: column.jsonb<Lineage>().nullable(),
});
export type AssignmentRow = RowOf<typeof assignmentsTable>;

export const DISPATCH_TABLES = [vehiclesTable, disruptionsTable, requestsTable, assignmentsTable] as const;
