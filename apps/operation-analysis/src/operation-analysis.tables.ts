import type { MachineState } from '@tsunagu/operation-analysis';
import { alarmRuleTables, column, defineTable, type RowOf } from '@tsunagu/platform';
import { OPERATION_ANALYSIS_SCHEMA } from './operation-analysis.constants';

/** What the detectors keep per machine (plain JSON from the analysis library). */
export const machineStatesTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'machine_states', {
  machineId: column.text(),
  model: column.text(),
  /** `json`: read and written whole, never queried inside */
  state: column.json<MachineState>(),
  /** ts of the latest reading analysed */
  lastTs: column.timestamptz(),
  updatedAt: column.timestamptz(),
  /** drawn from the sequence `machine_state_versions` by every write: the analysis service's state cache compares it */
  version: column.bigint(),
});

/** A work order closed by maintenance, kept until the next telemetry batch of its machine applies it. */
export const workOrderClosuresTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'work_order_closures', {
  workOrderId: column.text(),
  machineId: column.text(),
  dedupKey: column.text(),
  status: column.text<'done' | 'cancelled'>(),
  closedAt: column.timestamptz(),
  closedBy: column.text(),
  receivedAt: column.timestamptz(),
  appliedAt: column.timestamptz().nullable(),
});

/** Seconds per engine state of one machine on one UTC day. */
export const utilisationDailyTable = defineTable(OPERATION_ANALYSIS_SCHEMA, 'utilisation_daily', {
  machineId: column.text(),
  day: column.date(),
  model: column.text(),
  offSec: column.double(),
  idleSec: column.double(),
  workingSec: column.double(),
  travellingSec: column.double(),
  updatedAt: column.timestamptz(),
});
export type UtilisationDayRow = RowOf<typeof utilisationDailyTable>;

/** Operators' alarm-rule overrides per model or device, and every change of them. */
export const operationAlarmRuleTables = alarmRuleTables(OPERATION_ANALYSIS_SCHEMA);

export const OPERATION_ANALYSIS_TABLES = [machineStatesTable, workOrderClosuresTable, utilisationDailyTable, operationAlarmRuleTables.current, operationAlarmRuleTables.versions] as const;
