import { sqlMigration } from '@tsunagu/platform';

/**
 * Operation analysis's own schema: each machine's detector state and the last
 * processed offset per (topic, partition), written in one transaction so a restart
 * or rebalance resumes exactly where the committed state is; work-order closures
 * waiting to be applied to a machine's state; the daily utilisation tallies.
 */
export const OperationAnalysisInit1764600100000 = sqlMigration('OperationAnalysisInit1764600100000', {
  up: [
    `CREATE TABLE operation_analysis.machine_states (
      machine_id text PRIMARY KEY,
      model text NOT NULL,
      state jsonb NOT NULL,
      last_ts timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE operation_analysis.consumer_offsets (
      topic text NOT NULL,
      partition integer NOT NULL,
      "offset" bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, partition)
    )`,
    `CREATE TABLE operation_analysis.work_order_closures (
      work_order_id text PRIMARY KEY,
      machine_id text NOT NULL,
      dedup_key text NOT NULL,
      status text NOT NULL,
      closed_at timestamptz NOT NULL,
      closed_by text NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      applied_at timestamptz
    )`,
    `CREATE INDEX work_order_closures_pending ON operation_analysis.work_order_closures (machine_id, closed_at) WHERE applied_at IS NULL`,
    `CREATE TABLE operation_analysis.utilisation_daily (
      machine_id text NOT NULL,
      day date NOT NULL,
      model text NOT NULL,
      off_sec double precision NOT NULL,
      idle_sec double precision NOT NULL,
      working_sec double precision NOT NULL,
      travelling_sec double precision NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (machine_id, day)
    )`,
    `CREATE INDEX utilisation_daily_day ON operation_analysis.utilisation_daily (day)`,
  ],
});
