import { z } from 'zod';
import { DEVICE_ID_PATTERN, REGISTRY_DEVICE_KINDS, formatIssues, parseCsv } from '@tsunagu/contracts';

export const BULK_FORMATS = ['csv', 'jsonl'] as const;
export type BulkFormat = (typeof BULK_FORMATS)[number];
export const BULK_ACTIONS = ['create', 'disable', 'rotate'] as const;

/** Rows one file may hold (the whole file is one transaction and one report). */
export const BULK_MAX_ROWS = 2000;

/** A file sent as the raw body: its media type names the format. */
export const BULK_MEDIA_TYPES: Readonly<Record<string, BulkFormat>> = { 'text/csv': 'csv', 'application/x-ndjson': 'jsonl', 'application/jsonl': 'jsonl' };

/** The largest raw file, bytes: BULK_MAX_ROWS rows of up to ~500 bytes (the longest a valid row can be is ~300). */
export const BULK_BODY_LIMIT_BYTES = 1024 * 1024;

const deviceId = z.string().regex(DEVICE_ID_PATTERN, 'letters, digits, . _ - (max 64), starting with a letter or digit');
const blankAsUndefined = (v: unknown) => (v === '' || v === null ? undefined : v);

/** One row of a bulk file: what to do to which device. */
export const bulkRowSchema = z.discriminatedUnion('action', [
  z
    .object({
      action: z.literal('create'),
      deviceId: z.preprocess(blankAsUndefined, deviceId.optional()),
      kind: z.enum(REGISTRY_DEVICE_KINDS),
      model: z.string().min(1).max(64),
      site: z.preprocess(blankAsUndefined, z.string().min(1).max(64).optional()),
    })
    .strict(),
  z.object({ action: z.literal('disable'), deviceId }).strip(),
  z.object({ action: z.literal('rotate'), deviceId }).strip(),
]);
export type BulkRow = z.infer<typeof bulkRowSchema>;

/** A row as read, with its line number in the file (1 = the first line, the CSV header included). */
export type ParsedRow = { readonly line: number } & ({ readonly ok: true; readonly row: BulkRow } | { readonly ok: false; readonly error: string; readonly raw: string });

/**
 * Reads a bulk file: CSV with a header naming the columns (`action,deviceId,kind,model,site`,
 * any order) or JSON Lines (one object per line). Blank lines are skipped. Every
 * row is checked; none is dropped, so the report names each bad line.
 */
export function parseBulkFile(format: BulkFormat, content: string): { rows: ParsedRow[]; error?: string } {
  const rows: ParsedRow[] = [];
  if (format === 'csv') {
    const [header, ...records] = parseCsv(content, { trim: true });
    if (header && !header.fields.includes('action')) return { rows: [], error: `line ${header.line}: the CSV header must name the columns (action,deviceId,kind,model,site)` };
    for (const { line, fields, raw } of records) {
      if (fields.length !== header!.fields.length) rows.push({ line, ok: false, error: `has ${fields.length} fields; the header has ${header!.fields.length}`, raw });
      else rows.push(checked(line, raw, Object.fromEntries(header!.fields.map((h, k) => [h, fields[k]]).filter(([, v]) => v !== ''))));
    }
  } else {
    content.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
      if (raw.trim() === '') return;
      try {
        rows.push(checked(i + 1, raw, JSON.parse(raw)));
      } catch (err) {
        rows.push({ line: i + 1, ok: false, error: `malformed JSON: ${(err as Error).message}`, raw });
      }
    });
  }
  if (rows.length === 0) return { rows, error: 'the file has no rows' };
  if (rows.length > BULK_MAX_ROWS) return { rows: [], error: `the file has ${rows.length} rows; at most ${BULK_MAX_ROWS} at once` };
  return { rows };
}

function checked(line: number, raw: string, value: unknown): ParsedRow {
  const parsed = bulkRowSchema.safeParse(value);
  return parsed.success ? { line, ok: true, row: parsed.data } : { line, ok: false, error: formatIssues(parsed.error), raw };
}
