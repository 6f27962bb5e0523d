import { parseCsv } from './csv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, naming the line each record starts on', () => {
    const records = parseCsv('\uFEFFtext,label\r\n"up, ""a lot""",1\n\n"two\nlines",2\nlast,0');
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['text', 'label']],
      [2, ['up, "a lot"', '1']],
      [4, ['two\nlines', '2']],
      [6, ['last', '0']],
    ]);
    expect(records[2]!.raw).toBe('"two\nlines",2');
  });

  it('keeps blanks unless told to trim; a quote opens a field only at its start', () => {
    expect(parseCsv(' a , "b" ,c"d"')[0]!.fields).toEqual([' a ', 'b ', 'c"d"']);
    expect(parseCsv(' a ,  "b" ,c', { trim: true })[0]!.fields).toEqual(['a', 'b', 'c']);
  });

  it('skips blank lines and keeps a trailing empty field', () => {
    expect(parseCsv('a,\n   \n').map((r) => r.fields)).toEqual([['a', '']]);
  });
});
