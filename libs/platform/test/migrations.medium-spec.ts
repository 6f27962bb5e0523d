/**
 * Several instances of one service starting at once on a fresh database (what a
 * deployment of two consumers does on its first day, and the chaos suite on every
 * run): each opens its data source and runs the migrations; all must come up, and
 * each migration must be applied once.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { KernelTables1765000000000, openServiceDataSource, setLogLevel } from '@tsunagu/platform';
import { testDatabase } from '../../../test/support/app-under-test';

class ManyTables1765000000001 implements MigrationInterface {
  name = 'ManyTables1765000000001';

  async up(q: QueryRunner): Promise<void> {
    for (let i = 0; i < 8; i++) await q.query(`CREATE TABLE IF NOT EXISTS race_svc.t${i} (id bigint PRIMARY KEY, v text)`);
  }

  async down(): Promise<void> {
    // a test's throw-away database
  }
}

describe('openServiceDataSource: instances starting together', () => {
  beforeAll(() => setLogLevel('error'));
  const db = testDatabase();

  it('all come up on a fresh database, each migration applied once', async () => {
    const open = () => openServiceDataSource({ url: db.url, schema: 'race_svc', migrations: [KernelTables1765000000000, ManyTables1765000000001] });
    const sources = await Promise.all([open(), open(), open(), open()]);
    try {
      const rows = (await sources[0]!.query(`SELECT name FROM race_svc.migrations ORDER BY name`)) as Array<{ name: string }>;
      expect(rows.map((r) => r.name)).toEqual(['KernelTables1765000000000', 'ManyTables1765000000001']);
    } finally {
      await Promise.all(sources.map((s) => s.destroy()));
    }
  });
});
