import { jsonLines } from './json-lines';

describe('jsonLines', () => {
  it('writes one JSON text per line, line breaks inside strings escaped', () => {
    const values = [{ a: 'two\nlines', b: [1, 2] }, { c: null }, 'x\r\ny'];
    const text = jsonLines(values);
    expect(text.split('\n').map((line) => JSON.parse(line))).toEqual(values);
  });

  it('is empty for no values', () => {
    expect(jsonLines([])).toBe('');
  });
});
