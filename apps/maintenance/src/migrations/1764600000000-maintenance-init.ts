import { sqlMigration } from '@tsunagu/platform';

/**
 * The maintenance service's own schema: the machine registry, work orders (one
 * active per dedup key), the findings attached to them (the finding id is the
 * idempotency key), the work-order history (who changed what, when) and the
 * service history (what was done, at which engine hours).
 */
export const MaintenanceInit1764600000000 = sqlMigration('MaintenanceInit1764600000000', {
  up: [
    `CREATE TABLE maintenance.machines (
      machine_id text PRIMARY KEY,
      model text NOT NULL,
      site text,
      engine_hours double precision,
      registered_at timestamptz NOT NULL DEFAULT now(),
      last_finding_at timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX machines_site ON maintenance.machines (site)`,
    `CREATE TABLE maintenance.work_orders (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      machine_id text NOT NULL REFERENCES maintenance.machines (machine_id),
      model text NOT NULL,
      site text,
      component text NOT NULL,
      kind text NOT NULL,
      dedup_key text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'scheduled', 'in_progress', 'done', 'cancelled')),
      severity text NOT NULL CHECK (severity IN ('info', 'low', 'medium', 'high', 'critical')),
      severity_rank smallint NOT NULL,
      summary text NOT NULL,
      finding_count integer NOT NULL DEFAULT 1,
      first_detected_at timestamptz NOT NULL,
      last_detected_at timestamptz NOT NULL,
      predicted_time_to_limit_sec double precision,
      predicted_limit_at timestamptz,
      engine_hours double precision,
      assignee text,
      scheduled_for timestamptz,
      opened_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      closed_by text
    )`,
    // one active work order per dedup key: further findings attach to it
    `CREATE UNIQUE INDEX work_orders_active_dedup ON maintenance.work_orders (dedup_key) WHERE status IN ('open', 'scheduled', 'in_progress')`,
    `CREATE INDEX work_orders_list ON maintenance.work_orders (status, severity_rank DESC, last_detected_at DESC)`,
    `CREATE INDEX work_orders_machine ON maintenance.work_orders (machine_id, opened_at DESC)`,
    `CREATE INDEX work_orders_site ON maintenance.work_orders (site, status)`,
    `CREATE TABLE maintenance.work_order_findings (
      finding_id text PRIMARY KEY,
      work_order_id uuid REFERENCES maintenance.work_orders (id),
      kind text NOT NULL,
      severity text NOT NULL,
      summary text NOT NULL,
      detected_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      predicted_time_to_limit_sec double precision,
      engine_hours double precision,
      evidence jsonb NOT NULL,
      origin jsonb NOT NULL
    )`,
    `CREATE INDEX work_order_findings_timeline ON maintenance.work_order_findings (work_order_id, detected_at)`,
    `CREATE TABLE maintenance.work_order_events (
      id bigserial PRIMARY KEY,
      work_order_id uuid NOT NULL REFERENCES maintenance.work_orders (id),
      at timestamptz NOT NULL DEFAULT now(),
      actor text NOT NULL,
      role text,
      from_status text,
      to_status text NOT NULL,
      note text
    )`,
    `CREATE INDEX work_order_events_wo ON maintenance.work_order_events (work_order_id, id)`,
    `CREATE TABLE maintenance.service_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      machine_id text NOT NULL REFERENCES maintenance.machines (machine_id),
      work_order_id uuid REFERENCES maintenance.work_orders (id),
      task text NOT NULL,
      engine_hours double precision,
      performed_at timestamptz NOT NULL,
      performed_by text NOT NULL,
      note text
    )`,
    `CREATE INDEX service_records_machine ON maintenance.service_records (machine_id, performed_at DESC)`,
  ],
});
