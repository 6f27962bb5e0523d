/** A CSV record with the line it starts on (1 = the file's first line) and its text as written. */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
  readonly raw: string;
}

/**
 * Reads CSV (RFC 4180): fields in double quotes may hold commas, doubled quotes
 * and line breaks; a quote opens a quoted field only at the field's start (after
 * blanks, which are dropped). CRLF or LF line ends, a leading byte-order mark
 * ignored, blank lines skipped. `trim` trims every field (hand-written files).
 * The one CSV reader of the platform: bulk device files and labelled data sets.
 */
export function parseCsv(content: string, options: { readonly trim?: boolean } = {}): CsvRecord[] {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let recordStart = 0;
  const endField = (): void => {
    fields.push(options.trim ? field.trim() : field);
    field = '';
  };
  const endRecord = (end: number): void => {
    endField();
    const blank = fields.length === 1 && fields[0]!.trim() === '';
    if (!blank) records.push({ line: recordLine, fields, raw: text.slice(recordStart, end) });
    fields = [];
  };
  // fields are cut out of the text in runs (`run`: where the characters not yet in `field` start), not built a
  // character at a time: that makes strings of one-character pieces, which every later read of the text pays for
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === QUOTE && text.charCodeAt(i + 1) === QUOTE) {
        field += text.slice(run, i + 1);
        i++;
        run = i + 1;
      } else if (ch === QUOTE) {
        field += text.slice(run, i);
        quoted = false;
        run = i + 1;
      } else if (ch === LF) line++;
    } else if (ch === QUOTE) {
      if ((field + text.slice(run, i)).trim() === '') {
        quoted = true;
        field = '';
        run = i + 1;
      }
    } else if (ch === COMMA) {
      field += text.slice(run, i);
      endField();
      run = i + 1;
    } else if (ch === LF || ch === CR) {
      field += text.slice(run, i);
      endRecord(i);
      if (ch === CR && text.charCodeAt(i + 1) === LF) i++;
      line++;
      recordLine = line;
      recordStart = i + 1;
      run = i + 1;
    }
  }
  field += text.slice(run);
  if (field !== '' || fields.length > 0) endRecord(text.length);
  return records;
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
