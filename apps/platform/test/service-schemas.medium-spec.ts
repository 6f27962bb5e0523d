/**
 * One definition per table: for every service, its migrations (after the kernel's)
 * create exactly the tables and columns its `defineTable` definitions describe —
 * names, types and nullability — and nothing else.
 */
import {
  kernelTables,
  KernelTables1765000000000,
  KERNEL_IGNORED_TABLES,
  openServiceDataSource,
  schemaMismatches,
  type DbColumn,
} from '@tsunagu/platform';
import { testDatabase } from '../../../test/support/app-under-test';
import { SERVICE_DEFINITIONS } from '../src/services';

describe('service schemas match their table definitions (real PostgreSQL)', () => {
  const db = testDatabase();

  it.each(SERVICE_DEFINITIONS.map((d) => [d.name, d] as const))('%s', async (_name, def) => {
    const dataSource = await openServiceDataSource({ url: db.url, schema: def.schema, migrations: [KernelTables1765000000000, ...def.migrations] });
    try {
      const columns: DbColumn[] = await dataSource.query(
        `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns WHERE table_schema = $1`,
        [def.schema],
      );
      expect(schemaMismatches([...def.tables, ...Object.values(kernelTables(def.schema))], columns, KERNEL_IGNORED_TABLES)).toEqual([]);
    } finally {
      await dataSource.destroy();
    }
  });
});
