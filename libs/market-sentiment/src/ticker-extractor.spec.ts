import { TickerExtractor } from './ticker-extractor';

describe('TickerExtractor', () => {
  const extractor = new TickerExtractor();

  it('finds cashtags, upper-cases them, and keeps class suffixes', () => {
    expect(extractor.extract('$tsla and $BRK.B up, $TSLA again').map((m) => m.ticker)).toEqual(['TSLA', 'BRK.B']);
  });

  it('ignores prices and words with a dollar inside', () => {
    expect(extractor.extract('bought at $250, US$5 and a$XYZ')).toEqual([]);
  });

  it('maps company names from the catalogue', () => {
    expect(extractor.extract('Tesla and Bank of America report; Goldman Sachs upgrades Apple')).toEqual([
      { ticker: 'TSLA', via: 'name', text: 'Tesla' },
      { ticker: 'BAC', via: 'name', text: 'Bank of America' },
      { ticker: 'GS', via: 'name', text: 'Goldman Sachs' },
      { ticker: 'AAPL', via: 'name', text: 'Apple' },
    ]);
  });

  it('does not read lower-case single words as companies', () => {
    expect(extractor.extract('an apple a day, a target to beat')).toEqual([]);
  });

  it('mentions a ticker once even when both cashtag and name appear', () => {
    expect(extractor.extract('$TSLA: Tesla deliveries beat')).toEqual([{ ticker: 'TSLA', via: 'cashtag', text: '$TSLA' }]);
  });

  it('takes a catalogue as data', () => {
    expect(new TickerExtractor([{ ticker: 'XYZ', names: ['Xyzzy Corp'] }]).extract('xyzzy corp soars')).toEqual([
      { ticker: 'XYZ', via: 'name', text: 'Xyzzy Corp' },
    ]);
  });
});
