import type { Evidence, Origin, Position, Severity, VehicleIncidentV1 } from '@tsunagu/contracts';
import type { CaseEventType, CaseStatus } from '@tsunagu/call-centre';
import { column, defineTable, type Lineage, type RowOf } from '@tsunagu/platform';
import { CALL_CENTRE_SCHEMA } from './call-centre.constants';

/** A call-centre case: one per vehicle and incident kind while open. */
export const casesTable = defineTable(CALL_CENTRE_SCHEMA, 'cases', {
  id: column.uuid(),
  vehicleId: column.text(),
  kind: column.text(),
  status: column.text<CaseStatus>(),
  /** 1 (crash) … 4, see priorityOf */
  priority: column.smallint(),
  /** the worst severity of its incidents */
  severity: column.text<Severity>(),
  summary: column.text(),
  dedupKey: column.text(),
  /** where the vehicle was at the first incident */
  position: column.jsonb<Position>(),
  lastPosition: column.jsonb<Position>(),
  incidentCount: column.integer(),
  assignedAgent: column.text().nullable(),
  openedAt: column.timestamptz(),
  updatedAt: column.timestamptz(),
  /** acknowledge by: from the priority's SLA, brought forward by worse incidents */
  slaDueAt: column.timestamptz(),
  acknowledgedAt: column.timestamptz().nullable(),
  resolvedAt: column.timestamptz().nullable(),
  closedAt: column.timestamptz().nullable(),
  escalatedAt: column.timestamptz().nullable(),
  escalationLevel: column.smallint(),
  resolution: column.text().nullable(),
});
export type CaseRow = RowOf<typeof casesTable>;

/** A vehicle incident attached to a case; its finding id makes consumption idempotent. */
export const caseIncidentsTable = defineTable(CALL_CENTRE_SCHEMA, 'case_incidents', {
  findingId: column.text(),
  caseId: column.uuid(),
  kind: column.text(),
  severity: column.text<Severity>(),
  summary: column.text(),
  dedupKey: column.text(),
  detectedAt: column.timestamptz(),
  position: column.jsonb<Position>(),
  evidence: column.jsonb<Evidence>(),
  dtc: column.jsonb<NonNullable<VehicleIncidentV1['dtc']>>().nullable(),
  driverScore: column.real().nullable(),
  /** the telemetry offsets the detector read */
  origin: column.jsonb<Origin>(),
  receivedAt: column.timestamptz(),
  /** the incident's own Kafka record and the reading that caused it (null for incidents stored before lineage was kept) */
  lineage: column.jsonb<Lineage>().nullable(),
});
export type CaseIncidentRow = RowOf<typeof caseIncidentsTable>;

/** One entry of a case's history: who did what, when. */
export const caseEventsTable = defineTable(CALL_CENTRE_SCHEMA, 'case_events', {
  id: column.bigintString(),
  caseId: column.uuid(),
  at: column.timestamptz(),
  actor: column.text(),
  type: column.text<CaseEventType>(),
  fromStatus: column.text<CaseStatus>().nullable(),
  toStatus: column.text<CaseStatus>().nullable(),
  detail: column.jsonb<Record<string, unknown>>(),
});
export type CaseEventRow = RowOf<typeof caseEventsTable>;

/** The owner and driver of a vehicle, shown on its cases so an agent can call. */
export const contactsTable = defineTable(CALL_CENTRE_SCHEMA, 'contacts', {
  vehicleId: column.text(),
  ownerName: column.text(),
  ownerPhone: column.text(),
  driverName: column.text().nullable(),
  driverPhone: column.text().nullable(),
  email: column.text().nullable(),
  notes: column.text().nullable(),
  updatedAt: column.timestamptz(),
  updatedBy: column.text(),
});
export type ContactRow = RowOf<typeof contactsTable>;

export const CALL_CENTRE_TABLES = [casesTable, caseIncidentsTable, caseEventsTable, contactsTable] as const;
