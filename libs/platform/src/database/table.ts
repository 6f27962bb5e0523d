/**
 * One definition per table: its columns in code, from which the row type, the
 * SELECT list (snake_case columns as camelCase fields) and the row parser derive.
 * The migrations create the table; `schemaMismatches` (run by each service's
 * medium-tier test) checks that what they created is what is defined here.
 * Services write plain SQL against these names (bulk upserts stay one statement).
 */

/** PostgreSQL types as `information_schema.columns.data_type` spells them. */
export type PgType =
  | 'text'
  | 'uuid'
  | 'integer'
  | 'smallint'
  | 'bigint'
  | 'real'
  | 'double precision'
  | 'numeric'
  | 'boolean'
  | 'timestamp with time zone'
  | 'date'
  | 'json'
  | 'jsonb'
  | 'ARRAY';

export interface Column<T> {
  readonly pgType: PgType;
  readonly isNullable: boolean;
  /** SQL name; the field name in snake_case unless given */
  readonly sqlName?: string;
  parse(raw: unknown): T;
}

class ColumnDef<T> implements Column<T> {
  constructor(
    readonly pgType: PgType,
    private readonly convert: (raw: unknown) => T,
    readonly isNullable = false,
    readonly sqlName?: string,
  ) {}

  parse(raw: unknown): T {
    if (raw === null || raw === undefined) {
      if (!this.isNullable) throw new TypeError(`NULL in a NOT NULL ${this.pgType} column`);
      return null as T;
    }
    return this.convert(raw);
  }

  nullable(): ColumnDef<T | null> {
    return new ColumnDef<T | null>(this.pgType, this.convert, true, this.sqlName);
  }

  /** the column's SQL name when it is not the field's snake_case */
  named(sqlName: string): ColumnDef<T> {
    return new ColumnDef<T>(this.pgType, this.convert, this.isNullable, sqlName);
  }
}

const asString = (v: unknown): string => String(v);
const asNumber = (v: unknown): number => Number(v);
const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(v as string));
/** `date` columns travel as `YYYY-MM-DD` (pg parses them to local-midnight Dates otherwise) */
const asDay = (v: unknown): string => (v instanceof Date ? `${v.getFullYear()}-${pad(v.getMonth() + 1)}-${pad(v.getDate())}` : String(v).slice(0, 10));
const pad = (n: number): string => String(n).padStart(2, '0');

export const column = {
  text: <T extends string = string>() => new ColumnDef<T>('text', asString as (v: unknown) => T),
  uuid: () => new ColumnDef<string>('uuid', asString),
  integer: () => new ColumnDef<number>('integer', asNumber),
  smallint: () => new ColumnDef<number>('smallint', asNumber),
  /** bigint as a JS number (exact up to 2^53: counters, epoch ms) */
  bigint: () => new ColumnDef<number>('bigint', asNumber),
  /** bigint kept as its decimal string (Kafka offsets, sequence ids) */
  bigintString: () => new ColumnDef<string>('bigint', asString),
  real: () => new ColumnDef<number>('real', asNumber),
  double: () => new ColumnDef<number>('double precision', asNumber),
  numeric: () => new ColumnDef<number>('numeric', asNumber),
  boolean: () => new ColumnDef<boolean>('boolean', Boolean),
  timestamptz: () => new ColumnDef<Date>('timestamp with time zone', asDate),
  /** a UTC day, `YYYY-MM-DD` */
  date: () => new ColumnDef<string>('date', asDay),
  jsonb: <T>() => new ColumnDef<T>('jsonb', (v) => v as T),
  /**
   * JSON kept as the text it was written as: for a blob only ever read and written
   * whole (an analyser's state), PostgreSQL checks it and stores it, where jsonb
   * would convert every number to numeric and every object to its binary form
   */
  json: <T>() => new ColumnDef<T>('json', (v) => v as T),
  textArray: () => new ColumnDef<string[]>('ARRAY', (v) => v as string[]),
};

type Columns = Record<string, Column<unknown>>;
export type RowOf<D extends TableDef<Columns>> = D extends TableDef<infer C> ? { [K in keyof C]: C[K] extends Column<infer T> ? T : never } : never;

export interface TableDef<C extends Columns> {
  readonly schema: string;
  readonly name: string;
  /** `schema.name`, for SQL */
  readonly qualified: string;
  readonly columns: C;
  /** `machine_id AS "machineId", …` (optionally qualified by a table alias) */
  select(alias?: string): string;
  /** SQL name of a field */
  col(field: keyof C & string): string;
  /** a selected row (by `select()`) as the typed row */
  parse(row: Record<string, unknown>): { [K in keyof C]: C[K] extends Column<infer T> ? T : never };
}

export function snakeCase(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

export function defineTable<C extends Columns>(schema: string, name: string, columns: C): TableDef<C> {
  for (const id of [schema, name, ...Object.keys(columns).map((f) => columns[f]!.sqlName ?? snakeCase(f))]) {
    if (!IDENTIFIER.test(id)) throw new RangeError(`invalid SQL identifier ${id}`);
  }
  const sqlOf = (field: string): string => columns[field]!.sqlName ?? snakeCase(field);
  const fields = Object.keys(columns);
  return {
    schema,
    name,
    qualified: `${schema}.${name}`,
    columns,
    select: (alias) => fields.map((f) => `${alias ? `${alias}.` : ''}"${sqlOf(f)}" AS "${f}"`).join(', '),
    col: sqlOf,
    parse: (row) => {
      const out: Record<string, unknown> = {};
      for (const f of fields) out[f] = columns[f]!.parse(row[f]);
      return out as never;
    },
  };
}

export interface DbColumn {
  readonly table_name: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly is_nullable: 'YES' | 'NO';
}

/**
 * Differences between the defined tables and the columns the migrations created
 * (from `information_schema.columns` of the schema); empty when they agree. Tables
 * in the schema that no definition covers are reported too, except `ignore`.
 */
export function schemaMismatches(tables: ReadonlyArray<TableDef<Columns>>, dbColumns: readonly DbColumn[], ignore: readonly string[] = []): string[] {
  const problems: string[] = [];
  const byTable = new Map<string, Map<string, DbColumn>>();
  for (const c of dbColumns) {
    if (!byTable.has(c.table_name)) byTable.set(c.table_name, new Map());
    byTable.get(c.table_name)!.set(c.column_name, c);
  }
  for (const t of tables) {
    const actual = byTable.get(t.name);
    if (!actual) {
      problems.push(`${t.qualified}: defined but not created`);
      continue;
    }
    const expected = new Set<string>();
    for (const [field, c] of Object.entries(t.columns)) {
      const sql = t.col(field);
      expected.add(sql);
      const db = actual.get(sql);
      if (!db) problems.push(`${t.qualified}.${sql}: defined but not created`);
      else {
        if (db.data_type !== c.pgType) problems.push(`${t.qualified}.${sql}: defined ${c.pgType}, created ${db.data_type}`);
        if ((db.is_nullable === 'YES') !== c.isNullable) problems.push(`${t.qualified}.${sql}: defined ${c.isNullable ? 'nullable' : 'NOT NULL'}, created ${db.is_nullable === 'YES' ? 'nullable' : 'NOT NULL'}`);
      }
    }
    for (const sql of actual.keys()) if (!expected.has(sql)) problems.push(`${t.qualified}.${sql}: created but not defined`);
  }
  const defined = new Set(tables.map((t) => t.name));
  for (const name of byTable.keys()) if (!defined.has(name) && !ignore.includes(name)) problems.push(`${tables[0]?.schema ?? ''}.${name}: created but not defined`);
  return problems;
}
