import { pgNumberRows, pgNumbers, pgTexts } from './pg-arrays';

describe('array parameters as PostgreSQL literals', () => {
  it('quotes every text, escapes quotes and backslashes, writes NULL for null', () => {
    expect(pgTexts(['m-1', 'a"b', 'c\\d', null, '', 'x,y {z}'])).toBe('{"m-1","a\\"b","c\\\\d",NULL,"","x,y {z}"}');
    expect(pgTexts([])).toBe('{}');
  });

  it('writes numbers and rows of numbers flat', () => {
    expect(pgNumbers([1, -2.5, 1e-7, 1764370923004])).toBe('{1,-2.5,1e-7,1764370923004}');
    expect(pgNumberRows([{ v: [1, 2] }, { v: [3.25, 4] }], (r) => r.v)).toBe('{1,2,3.25,4}');
  });
});
