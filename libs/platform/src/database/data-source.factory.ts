import { DataSource } from 'typeorm';
import { createLogger } from '../logging/logger';

export interface ServiceDataSourceOptions {
  readonly url: string;
  /** the service's own schema: each service owns one and touches no other */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: ReadonlyArray<Function>;
  /** pool size per process (at least 2: migrations run beside the connection holding their lock) */
  readonly poolSize?: number;
}

const SCHEMA_NAME = /^[a-z][a-z0-9_]{0,62}$/;

/**
 * Opens a DataSource on the service's schema and runs its migrations
 * (`synchronize` stays off; there are no entities: tables are defined with
 * `defineTable` and written with SQL). The schema is created first so the
 * migrations table can live inside it.
 */
export async function openServiceDataSource(opts: ServiceDataSourceOptions): Promise<DataSource> {
  if (!SCHEMA_NAME.test(opts.schema)) throw new RangeError(`invalid schema name ${opts.schema}`);
  const logger = createLogger(`db.${opts.schema}`);
  const dataSource = new DataSource({
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: [],
    migrations: [...opts.migrations],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: { max: opts.poolSize ?? 10, connectionTimeoutMillis: 5000 },
  });
  await dataSource.initialize();
  // Instances of a service starting together on a fresh database would race to create
  // the same schema and tables (a unique violation in pg_type or pg_namespace stops one):
  // one migrates under a session advisory lock on its own connection (the pool keeps
  // others free for the migrations), the others wait for it and find nothing left to do.
  const lock = dataSource.createQueryRunner();
  let applied: Awaited<ReturnType<DataSource['runMigrations']>>;
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [`tsunagu-migrations:${opts.schema}`]);
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    applied = await dataSource.runMigrations({ transaction: 'each' });
  } finally {
    // released with the session too, should the unlock itself fail
    await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [`tsunagu-migrations:${opts.schema}`]).catch(() => undefined);
    await lock.release();
  }
  if (applied.length > 0) logger.info('migrations applied', { migrations: applied.map((m) => m.name) });
  return dataSource;
}
