import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The kernel's tables in the schema the data source is opened on (each service
 * lists this migration first; TypeORM records it per schema).
 */
export class KernelTables1765000000000 implements MigrationInterface {
  name = 'KernelTables1765000000000';

  async up(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`
      CREATE TABLE ${s}.kernel_offsets (
        group_id text NOT NULL,
        topic text NOT NULL,
        partition integer NOT NULL,
        "offset" bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, topic, partition)
      )`);
    await q.query(`
      CREATE TABLE ${s}.kernel_outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        key text,
        value text NOT NULL,
        headers jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE ${s}.kernel_processed (
        group_id text NOT NULL,
        message_id text NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (group_id, message_id)
      )`);
    // pruning by age
    await q.query(`CREATE INDEX kernel_processed_at ON ${s}.kernel_processed USING brin (processed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = schemaOf(q);
    await q.query(`DROP TABLE ${s}.kernel_processed`);
    await q.query(`DROP TABLE ${s}.kernel_outbox`);
    await q.query(`DROP TABLE ${s}.kernel_offsets`);
  }
}

/** The schema of the data source running the migration (validated when it was opened). */
export function schemaOf(q: QueryRunner): string {
  const schema = (q.connection.options as { schema?: string }).schema;
  if (!schema) throw new TypeError('the kernel tables need a data source opened on a schema');
  return schema;
}
