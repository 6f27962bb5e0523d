import type { Column, PgType, TableDef } from './table';

type Columns = Record<string, Column<unknown>>;
type ValueOf<C> = C extends Column<infer T> ? T : never;
/** what a column takes on insert: timestamps as a Date or epoch milliseconds */
type InputOf<T> = T extends Date ? Date | number : T;

/** A row to insert: the chosen fields of the table, the nullable ones optional. */
export type InsertRow<C extends Columns, K extends keyof C> = {
  readonly [F in K as null extends ValueOf<C[F]> ? never : F]: InputOf<ValueOf<C[F]>>;
} & {
  readonly [F in K as null extends ValueOf<C[F]> ? F : never]?: InputOf<ValueOf<C[F]>> | undefined;
};

/** A row to insert into a table, but for the columns `D` left to their defaults. */
export type NewRowOf<T extends TableDef<Columns>, D extends keyof T['columns'] = never> = InsertRow<T['columns'], Exclude<keyof T['columns'] & string, D>>;

export interface InsertOptions<D extends string> {
  /** the columns left to the database (their DEFAULT): every other column is written */
  readonly defaults?: readonly D[];
  /** the table's alias, for expressions in `onConflict` */
  readonly alias?: string;
  /** an `ON CONFLICT …` clause, as SQL */
  readonly onConflict?: string;
  /** a `RETURNING` list, as SQL */
  readonly returning?: string;
}

export interface Queryable {
  query<R = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

/** the type a field has in `jsonb_to_recordset`: the column's own ('ARRAY' is only ever `column.textArray`) */
const recordsetType = (t: PgType): string => (t === 'ARRAY' ? 'text[]' : t);

/**
 * Inserts rows in one statement, its column list, types and names taken from the
 * table's definition (so a repository never restates them): the rows travel as
 * one JSON parameter read by `jsonb_to_recordset`, a key per field. Returns the
 * `RETURNING` rows (none without `returning`).
 */
export async function insertRows<C extends Columns, D extends keyof C & string = never>(
  db: Queryable,
  table: TableDef<C>,
  rows: ReadonlyArray<InsertRow<C, Exclude<keyof C & string, D>>>,
  options: InsertOptions<D> = {},
): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const defaults = new Set<string>(options.defaults ?? []);
  const fields = Object.keys(table.columns).filter((f) => !defaults.has(f));
  const timestamps = fields.filter((f) => table.columns[f]!.pgType === 'timestamp with time zone');
  const encoded = timestamps.length === 0 ? rows : rows.map((row) => withIsoTimes(row as Record<string, unknown>, timestamps));
  const sql =
    `INSERT INTO ${table.qualified}${options.alias ? ` AS ${options.alias}` : ''} (${fields.map((f) => `"${table.col(f)}"`).join(', ')})\n` +
    ` SELECT ${fields.map((f) => `r."${f}"`).join(', ')}\n` +
    ` FROM jsonb_to_recordset($1::jsonb) AS r(${fields.map((f) => `"${f}" ${recordsetType(table.columns[f]!.pgType)}`).join(', ')})` +
    (options.onConflict ? `\n ${options.onConflict}` : '') +
    (options.returning ? `\n RETURNING ${options.returning}` : '');
  return db.query(sql, [JSON.stringify(encoded)]);
}

function withIsoTimes(row: Record<string, unknown>, timestamps: readonly string[]): Record<string, unknown> {
  const out = { ...row };
  for (const f of timestamps) {
    const v = out[f];
    if (typeof v === 'number') out[f] = new Date(v).toISOString();
  }
  return out;
}
