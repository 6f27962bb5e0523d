/**
 * insertRows writes a table's rows in one statement from its definition: the
 * columns, their SQL names and types come from `defineTable`, timestamps may be
 * Dates or epoch ms, the columns named in `defaults` take the database's default.
 */
import { Client } from 'pg';
import { column, defineTable, insertRows, type Queryable } from '@tsunagu/platform';
import { testResources } from '../../../test/support/test-resources';

const things = defineTable('insert_svc', 'things', {
  id: column.bigintString(),
  name: column.text(),
  seenAt: column.timestamptz(),
  offset: column.bigintString().named('kafka_offset'),
  tags: column.textArray(),
  detail: column.jsonb<{ n: number }>().nullable(),
  count: column.integer(),
  createdAt: column.timestamptz(),
});

describe('insertRows', () => {
  const resources = testResources();
  let pg: Client;
  let db: Queryable;

  beforeAll(async () => {
    pg = resources.own(new Client({ connectionString: (await resources.database()).url }), (c) => c.end());
    await pg.connect();
    db = { query: async <R>(sql: string, params?: readonly unknown[]) => (await pg.query(sql, params as unknown[])).rows as R[] };
    await pg.query(`CREATE SCHEMA insert_svc; CREATE TABLE insert_svc.things (
      id bigserial PRIMARY KEY, name text NOT NULL UNIQUE, seen_at timestamptz NOT NULL, kafka_offset bigint NOT NULL,
      tags text[] NOT NULL, detail jsonb, count integer NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`);
  });

  it('writes every column but the defaults, in one statement, and answers RETURNING', async () => {
    const at = Date.UTC(2026, 11, 3, 12, 0, 0, 123);
    const rows = await insertRows(
      db,
      things,
      [
        { name: 'a', seenAt: at, offset: '9007199254740993', tags: ['x', 'y'], detail: { n: 1 }, count: 1 },
        { name: 'b', seenAt: new Date(at + 1), offset: '2', tags: [], count: 2 },
      ],
      { defaults: ['id', 'createdAt'], returning: 'name' },
    );
    expect(rows.map((r) => r.name)).toEqual(['a', 'b']);
    const stored = (await pg.query(`SELECT ${things.select()} FROM ${things.qualified} ORDER BY name`)).rows.map(things.parse);
    expect(stored[0]).toMatchObject({ name: 'a', seenAt: new Date(at), offset: '9007199254740993', tags: ['x', 'y'], detail: { n: 1 }, count: 1 });
    expect(stored[1]).toMatchObject({ name: 'b', seenAt: new Date(at + 1), offset: '2', tags: [], detail: null });
    expect(stored[1]!.createdAt).toBeInstanceOf(Date);
  });

  it('takes an ON CONFLICT clause that may name the table by its alias', async () => {
    const row = { name: 'a', seenAt: 0, offset: '3', tags: [], count: 5 };
    const rows = await insertRows(db, things, [row], {
      defaults: ['id', 'createdAt'],
      alias: 't',
      onConflict: 'ON CONFLICT (name) DO UPDATE SET count = t.count + EXCLUDED.count',
      returning: 'count',
    });
    expect(rows).toEqual([{ count: 6 }]);
    expect(await insertRows(db, things, [], { defaults: ['id', 'createdAt'] })).toEqual([]);
  });
});
