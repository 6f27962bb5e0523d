import { DataSource } from 'typeorm';
import { createLogger } from '../logging/logger';

export interface ServiceDataSourceOptions {
  readonly url: string;
  /** the service's own schema: each service owns one and touches no other */
  readonly schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: ReadonlyArray<Function>;
  /** pool size per process */
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
  await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length > 0) logger.info('migrations applied', { migrations: applied.map((m) => m.name) });
  return dataSource;
}
