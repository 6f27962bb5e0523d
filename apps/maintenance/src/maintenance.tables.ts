import type { Evidence, Origin, Severity } from '@tsunagu/contracts';
import type { WorkOrderStatus } from '@tsunagu/maintenance';
import { column, defineTable, type Lineage, type RowOf } from '@tsunagu/platform';
import { MAINTENANCE_SCHEMA } from './maintenance.constants';

/** The machine registry: registered by operators or first known from a finding. */
export const machinesTable = defineTable(MAINTENANCE_SCHEMA, 'machines', {
  machineId: column.text(),
  model: column.text(),
  site: column.text().nullable(),
  /** latest engine hours known (from findings or service records) */
  engineHours: column.double().nullable(),
  registeredAt: column.timestamptz(),
  lastFindingAt: column.timestamptz().nullable(),
  updatedAt: column.timestamptz(),
});
export type MachineRow = RowOf<typeof machinesTable>;

/** A work order: one active per dedup key; repeated findings raise its count and worst severity. */
export const workOrdersTable = defineTable(MAINTENANCE_SCHEMA, 'work_orders', {
  id: column.uuid(),
  machineId: column.text(),
  model: column.text(),
  site: column.text().nullable(),
  component: column.text(),
  /** the kind of the finding that opened it */
  kind: column.text(),
  dedupKey: column.text(),
  status: column.text<WorkOrderStatus>(),
  /** the worst severity of its findings, and its rank for sorting */
  severity: column.text<Severity>(),
  severityRank: column.smallint(),
  summary: column.text(),
  findingCount: column.integer(),
  firstDetectedAt: column.timestamptz(),
  lastDetectedAt: column.timestamptz(),
  /** latest trend prediction: seconds from its detection until the limit */
  predictedTimeToLimitSec: column.double().nullable(),
  predictedLimitAt: column.timestamptz().nullable(),
  engineHours: column.double().nullable(),
  assignee: column.text().nullable(),
  scheduledFor: column.timestamptz().nullable(),
  openedAt: column.timestamptz(),
  updatedAt: column.timestamptz(),
  closedAt: column.timestamptz().nullable(),
  closedBy: column.text().nullable(),
});
export type WorkOrderRow = RowOf<typeof workOrdersTable>;

/** A finding attached to a work order: its evidence timeline. The finding id makes consumption idempotent. */
export const workOrderFindingsTable = defineTable(MAINTENANCE_SCHEMA, 'work_order_findings', {
  findingId: column.text(),
  workOrderId: column.uuid().nullable(),
  kind: column.text(),
  severity: column.text<Severity>(),
  summary: column.text(),
  detectedAt: column.timestamptz(),
  receivedAt: column.timestamptz(),
  predictedTimeToLimitSec: column.double().nullable(),
  engineHours: column.double().nullable(),
  evidence: column.jsonb<Evidence>(),
  /** the telemetry offsets the detector read */
  origin: column.jsonb<Origin>(),
  /** the finding's own Kafka record and the reading that caused it (null for findings stored before lineage was kept) */
  lineage: column.jsonb<Lineage>().nullable(),
});
export type WorkOrderFindingRow = RowOf<typeof workOrderFindingsTable>;

/** One change of a work order's status: who, when, from what to what. */
export const workOrderEventsTable = defineTable(MAINTENANCE_SCHEMA, 'work_order_events', {
  id: column.bigintString(),
  workOrderId: column.uuid(),
  at: column.timestamptz(),
  actor: column.text(),
  /** the API role of the actor, null for the service itself */
  role: column.text().nullable(),
  fromStatus: column.text().nullable(),
  toStatus: column.text(),
  note: column.text().nullable(),
});
export type WorkOrderEventRow = RowOf<typeof workOrderEventsTable>;

/** Service history: what was done to a machine, at which engine hours, by whom. */
export const serviceRecordsTable = defineTable(MAINTENANCE_SCHEMA, 'service_records', {
  id: column.uuid(),
  machineId: column.text(),
  workOrderId: column.uuid().nullable(),
  task: column.text(),
  engineHours: column.double().nullable(),
  performedAt: column.timestamptz(),
  performedBy: column.text(),
  note: column.text().nullable(),
});
export type ServiceRecordRow = RowOf<typeof serviceRecordsTable>;

export const MAINTENANCE_TABLES = [machinesTable, workOrdersTable, workOrderFindingsTable, workOrderEventsTable, serviceRecordsTable] as const;
