import { dropCreatedTables } from './sql-migration';

describe('dropCreatedTables', () => {
  it('drops the tables a migration creates, the last created first, and nothing else', () => {
    expect(
      dropCreatedTables([
        `CREATE TABLE s.parents (id text PRIMARY KEY)`,
        `CREATE INDEX parents_id ON s.parents (id)`,
        `\n    CREATE TABLE IF NOT EXISTS s.children (parent text REFERENCES s.parents (id))`,
        `INSERT INTO s.parents VALUES ('a')`,
      ]),
    ).toEqual(['DROP TABLE s.children', 'DROP TABLE s.parents']);
  });
});
