import { sqlMigration } from '@tsunagu/platform';

/**
 * Dispatch's own schema: the latest state of every vehicle (from the compacted
 * vehicle-state topic), the disruptions received (the event id is the
 * idempotency key), one dispatch request per affected station, and the
 * assignments. A partial unique index makes "never the same vehicle to two
 * requests at once" a database rule, not only a code path.
 */
export const DispatchInit1764600000000 = sqlMigration('DispatchInit1764600000000', {
  up: [
    `CREATE TABLE dispatch.vehicles (
      vehicle_id text PRIMARY KEY,
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      heading_deg real NOT NULL,
      speed_kmh real NOT NULL,
      availability text NOT NULL CHECK (availability IN ('moving', 'parked', 'incident', 'offline')),
      ts bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE dispatch.processed_events (
      event_id text PRIMARY KEY,
      processed_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE TABLE dispatch.disruptions (
      disruption_id text PRIMARY KEY,
      line_id text NOT NULL,
      line_name text NOT NULL,
      kind text NOT NULL,
      status text NOT NULL CHECK (status IN ('active', 'ended')),
      confidence real NOT NULL,
      stations jsonb NOT NULL,
      sample_tweets jsonb NOT NULL,
      started_at bigint NOT NULL,
      ended_at bigint,
      received_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX disruptions_active ON dispatch.disruptions (started_at) WHERE status = 'active'`,
    `CREATE TABLE dispatch.requests (
      request_id text PRIMARY KEY,
      disruption_id text NOT NULL REFERENCES dispatch.disruptions (disruption_id),
      station_id text NOT NULL,
      station_name text NOT NULL,
      lat double precision NOT NULL,
      lon double precision NOT NULL,
      vehicles_wanted integer NOT NULL CHECK (vehicles_wanted > 0),
      status text NOT NULL CHECK (status IN ('open', 'closed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      UNIQUE (disruption_id, station_id)
    )`,
    `CREATE INDEX requests_open ON dispatch.requests (created_at) WHERE status = 'open'`,
    `CREATE TABLE dispatch.assignments (
      assignment_id bigserial PRIMARY KEY,
      request_id text NOT NULL REFERENCES dispatch.requests (request_id),
      vehicle_id text NOT NULL,
      distance_m integer NOT NULL,
      assigned_at timestamptz NOT NULL DEFAULT now(),
      released_at timestamptz,
      release_reason text
    )`,
    // a vehicle serves at most one request at a time
    `CREATE UNIQUE INDEX assignments_vehicle_active ON dispatch.assignments (vehicle_id) WHERE released_at IS NULL`,
    `CREATE INDEX assignments_request ON dispatch.assignments (request_id)`,
  ],
});
