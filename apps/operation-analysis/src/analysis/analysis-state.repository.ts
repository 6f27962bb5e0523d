import { Injectable } from '@nestjs/common';
import type { WorkOrderClosedV1 } from '@tsunagu/contracts';
import type { MachineState, UtilisationDay } from '@tsunagu/operation-analysis';
import { jsonLines, jsonLinesTable, loadVersionedStates, pgNumbers, pgTexts, type LoadedState, type Tx } from '@tsunagu/platform';
import { machineStatesTable, utilisationDailyTable, workOrderClosuresTable } from '../operation-analysis.tables';

const T = {
  states: machineStatesTable.qualified,
  closures: workOrderClosuresTable.qualified,
  utilisation: utilisationDailyTable.qualified,
} as const;

/**
 * Detector state, pending closures and utilisation, in the service's own schema;
 * every write happens in the consumer's transaction (with the kernel's offset).
 */
@Injectable()
export class AnalysisStateRepository {

  /**
   * The batch's machines, locked until commit, with their states except those whose
   * version matches `cached` (the caller holds them already): only versions travel then.
   */
  async loadStates(m: Tx, machineIds: readonly string[], cached: ReadonlyMap<string, number>): Promise<Map<string, LoadedState<MachineState>>> {
    return loadVersionedStates<MachineState>(m, machineStatesTable, 'machine_id', machineIds, cached);
  }

  /**
   * One statement for the batch's states: ids and times as array literals, the states as
   * JSON lines (`jsonLines`: each state encoded once, parsed once by PostgreSQL
   * where it is cast to json); returns each machine's new version (a fresh number
   * of the sequence).
   */
  async saveStates(m: Tx, states: readonly MachineState[]): Promise<Map<string, number>> {
    if (states.length === 0) return new Map();
    const rows = await m.query<{ machine_id: string; version: string }>(
      `INSERT INTO ${T.states} (machine_id, model, state, last_ts)
       SELECT x.machine_id, x.model, s.doc::json, to_timestamp(x.last_ts / 1000.0)
         FROM unnest($1::text[], $2::text[], $3::float8[]) WITH ORDINALITY AS x (machine_id, model, last_ts, n)
         JOIN ${jsonLinesTable(4, 's')} USING (n)
       ON CONFLICT (machine_id) DO UPDATE SET model = EXCLUDED.model, state = EXCLUDED.state, last_ts = EXCLUDED.last_ts,
         version = nextval('${machineStatesTable.schema}.machine_state_versions'), updated_at = now()
       RETURNING machine_id, version`,
      [pgTexts(states.map((s) => s.machineId)), pgTexts(states.map((s) => s.model)), pgNumbers(states.map((s) => s.lastTs)), jsonLines(states)],
    );
    return new Map(rows.map((r) => [r.machine_id, Number(r.version)]));
  }

  async pendingClosures(m: Tx, machineIds: readonly string[]): Promise<WorkOrderClosedV1[]> {
    if (machineIds.length === 0) return [];
    const rows = await m.query(
      `SELECT work_order_id, machine_id, dedup_key, status, closed_at, closed_by FROM ${T.closures}
        WHERE machine_id = ANY($1::text[]) AND applied_at IS NULL ORDER BY closed_at, work_order_id FOR UPDATE`,
      [machineIds],
    );
    return rows.map((r) => ({
      workOrderId: r.work_order_id as string,
      machineId: r.machine_id as string,
      dedupKey: r.dedup_key as string,
      status: r.status as WorkOrderClosedV1['status'],
      closedAt: new Date(r.closed_at as string).getTime(),
      closedBy: r.closed_by as string,
    }));
  }

  async markClosuresApplied(m: Tx, workOrderIds: readonly string[]): Promise<void> {
    if (workOrderIds.length === 0) return;
    await m.query(`UPDATE ${T.closures} SET applied_at = now() WHERE work_order_id = ANY($1::text[])`, [workOrderIds]);
  }

  /** Stores closures once (a redelivered closure is ignored); returns how many were new. */
  async insertClosures(m: Tx, closures: readonly WorkOrderClosedV1[]): Promise<number> {
    if (closures.length === 0) return 0;
    const rows = await m.query(
      `INSERT INTO ${T.closures} (work_order_id, machine_id, dedup_key, status, closed_at, closed_by)
       SELECT c."workOrderId", c."machineId", c."dedupKey", c.status, to_timestamp(c."closedAt" / 1000.0), c."closedBy"
         FROM jsonb_to_recordset($1::jsonb) AS c("workOrderId" text, "machineId" text, "dedupKey" text, status text, "closedAt" double precision, "closedBy" text)
       ON CONFLICT (work_order_id) DO NOTHING
       RETURNING work_order_id`,
      [JSON.stringify(closures)],
    );
    return rows.length;
  }

  /** Upserts day tallies (absolute values: writing the same day twice is harmless). */
  async saveUtilisation(m: Tx, days: readonly UtilisationDay[]): Promise<void> {
    if (days.length === 0) return;
    await m.query(
      `INSERT INTO ${T.utilisation} (machine_id, day, model, off_sec, idle_sec, working_sec, travelling_sec)
       SELECT d."machineId", d.day::date, d.model, d."offSec", d."idleSec", d."workingSec", d."travellingSec"
         FROM jsonb_to_recordset($1::jsonb) AS d("machineId" text, day text, model text, "offSec" double precision, "idleSec" double precision,
              "workingSec" double precision, "travellingSec" double precision)
       ON CONFLICT (machine_id, day) DO UPDATE SET model = EXCLUDED.model, off_sec = EXCLUDED.off_sec, idle_sec = EXCLUDED.idle_sec,
         working_sec = EXCLUDED.working_sec, travelling_sec = EXCLUDED.travelling_sec, updated_at = now()`,
      [JSON.stringify(days)],
    );
  }
}
