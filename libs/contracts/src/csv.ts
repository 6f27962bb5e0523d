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
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === '') {
      quoted = true;
      field = '';
    } else if (ch === ',') endField();
    else if (ch === '\n' || ch === '\r') {
      endRecord(i);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      line++;
      recordLine = line;
      recordStart = i + 1;
    } else field += ch;
  }
  if (field !== '' || fields.length > 0) endRecord(text.length);
  return records;
}
