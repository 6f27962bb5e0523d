/**
 * Array parameters as PostgreSQL array literals, written directly: pg's generic array
 * serialiser escapes every element through its value converter, which profiled
 * as the largest CPU cost of telemetry history's write path (and 3.5 % of vehicle
 * monitoring's at batch 500). Numbers must be finite (the contracts say so; NaN or
 * Infinity would be stored as such in a float8 column and refused by an integer one);
 * text is always quoted, backslashes and quotes escaped; null is NULL.
 */
export function pgNumbers(values: readonly number[]): string {
  return `{${values.join(',')}}`;
}

/** Rows of numbers as one flat array literal (row after row). */
export function pgNumberRows<T>(rows: readonly T[], pick: (row: T) => readonly number[]): string {
  let out = '{';
  for (let i = 0; i < rows.length; i++) {
    const vals = pick(rows[i]!);
    if (i > 0) out += ',';
    out += vals.join(',');
  }
  return `${out}}`;
}

export function pgTexts(values: ReadonlyArray<string | null>): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ',';
    if (v === null || v === undefined) out += 'NULL';
    else out += v.includes('"') || v.includes('\\') ? `"${v.replace(/[\\"]/g, '\\$&')}"` : `"${v}"`;
  }
  return `${out}}`;
}
