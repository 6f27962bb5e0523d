import { sqlMigration } from '@tsunagu/platform';

/**
 * The call centre's own schema: cases (one open case per vehicle and kind), the
 * incidents attached to them (the finding id is the idempotency key), the case
 * history (who did what, when) and the owner/driver contacts.
 */
export const CallCentreInit1764500000000 = sqlMigration('CallCentreInit1764500000000', {
  up: [
    `CREATE TABLE call_centre.cases (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      vehicle_id text NOT NULL,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('new', 'acknowledged', 'in_contact', 'resolved', 'closed')),
      priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
      severity text NOT NULL,
      summary text NOT NULL,
      dedup_key text NOT NULL,
      position jsonb NOT NULL,
      last_position jsonb NOT NULL,
      incident_count integer NOT NULL DEFAULT 1,
      assigned_agent text,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      sla_due_at timestamptz NOT NULL,
      acknowledged_at timestamptz,
      resolved_at timestamptz,
      closed_at timestamptz,
      escalated_at timestamptz,
      escalation_level smallint NOT NULL DEFAULT 0,
      resolution text
    )`,
    // one open case per vehicle and kind: further incidents attach to it
    `CREATE UNIQUE INDEX cases_open_vehicle_kind ON call_centre.cases (vehicle_id, kind) WHERE status IN ('new', 'acknowledged', 'in_contact')`,
    `CREATE INDEX cases_queue ON call_centre.cases (priority, sla_due_at) WHERE status IN ('new', 'acknowledged', 'in_contact')`,
    `CREATE INDEX cases_overdue ON call_centre.cases (sla_due_at) WHERE status = 'new' AND escalated_at IS NULL`,
    `CREATE INDEX cases_vehicle ON call_centre.cases (vehicle_id, opened_at)`,
    `CREATE TABLE call_centre.case_incidents (
      finding_id text PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES call_centre.cases (id),
      kind text NOT NULL,
      severity text NOT NULL,
      summary text NOT NULL,
      dedup_key text NOT NULL,
      detected_at timestamptz NOT NULL,
      position jsonb NOT NULL,
      evidence jsonb NOT NULL,
      dtc jsonb,
      driver_score real,
      origin jsonb NOT NULL,
      received_at timestamptz NOT NULL
    )`,
    `CREATE INDEX case_incidents_case ON call_centre.case_incidents (case_id, detected_at)`,
    `CREATE TABLE call_centre.case_events (
      id bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES call_centre.cases (id),
      at timestamptz NOT NULL,
      actor text NOT NULL,
      type text NOT NULL,
      from_status text,
      to_status text,
      detail jsonb NOT NULL DEFAULT '{}'
    )`,
    `CREATE INDEX case_events_case ON call_centre.case_events (case_id, id)`,
    `CREATE TABLE call_centre.contacts (
      vehicle_id text PRIMARY KEY,
      owner_name text NOT NULL,
      owner_phone text NOT NULL,
      driver_name text,
      driver_phone text,
      email text,
      notes text,
      updated_at timestamptz NOT NULL,
      updated_by text NOT NULL
    )`,
  ],
});
