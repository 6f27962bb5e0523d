import { sqlMigration } from '@tsunagu/platform';

export const CreateDevices1764400000000 = sqlMigration('CreateDevices1764400000000', {
  up: [
    `CREATE TABLE "ingest"."devices" (
      "device_id"   text PRIMARY KEY,
      "kind"        text NOT NULL CHECK ("kind" IN ('machine', 'vehicle', 'tweet-source')),
      "model"       text NOT NULL,
      "site"        text,
      "secret_hash" text NOT NULL,
      "enabled"     boolean NOT NULL DEFAULT true,
      "online"      boolean NOT NULL DEFAULT false,
      "last_seen_at" timestamptz,
      "created_at"  timestamptz NOT NULL DEFAULT now(),
      "disabled_at" timestamptz
    )`,
    `CREATE TABLE "ingest"."device_events" (
      "id"        bigserial PRIMARY KEY,
      "device_id" text NOT NULL,
      "event"     text NOT NULL,
      "detail"    text,
      "actor"     text,
      "at"        timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX "device_events_device_at" ON "ingest"."device_events" ("device_id", "at" DESC)`,
  ],
  down: [
    `DROP TABLE "ingest"."device_events"`,
    `DROP TABLE "ingest"."devices"`,
  ],
});
