import catalogue from './data/company-tickers.json';
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

  it('finds the names exactly as the regular expressions it replaced (any case, spacing, neighbours)', () => {
    // the extractor as it was: one alternation per kind of name, longest first
    const tickerOf = new Map<string, string>();
    const single: string[] = [];
    const multi: string[] = [];
    for (const c of catalogue.companies) {
      for (const name of c.names) {
        const phrase = /\s/.test(name);
        const key = phrase ? name.toLowerCase().replace(/\s+/g, ' ') : name;
        if (!tickerOf.has(key)) tickerOf.set(key, c.ticker);
        (phrase ? multi : single).push(name);
      }
    }
    const alternation = (names: string[]) => [...names].sort((a, b) => b.length - a.length).map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+')).join('|');
    const patterns = [new RegExp(`(?<![\\w$])(?:${alternation(single)})(?![\\w])`, 'g'), new RegExp(`(?<![\\w$])(?:${alternation(multi)})(?![\\w])`, 'gi')];
    // cashtags (unchanged) come first and take their tickers
    const reference = (text: string, cashtags: readonly string[]) => {
      const seen = new Set<string>(cashtags);
      const named: Array<{ ticker: string; at: number }> = [];
      patterns.forEach((pattern, kind) => {
        for (const m of text.matchAll(pattern)) {
          const ticker = tickerOf.get(kind === 1 ? m[0].toLowerCase().replace(/\s+/g, ' ') : m[0]);
          if (!ticker || seen.has(ticker)) continue;
          seen.add(ticker);
          named.push({ ticker, at: m.index });
        }
      });
      return named.sort((a, b) => a.at - b.at).map((n) => n.ticker);
    };
    const names = [...single, ...multi];
    const glue = [' ', '  ', '\u00a0', '\t', '$', '_', 'a', 'Z', '9', '.', ',', "'", '-', '&', '\n', '\u2003', 'ſ', 'ı', ''];
    let seed = 1;
    const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), (seed >>> 16) % n);
    const mutate = (name: string) => [...name].map((ch) => (ch === ' ' ? glue[next(4)] : [ch.toLowerCase(), ch.toUpperCase()][next(16)] ?? ch)).join('').slice(0, next(8) === 0 ? -1 : undefined);
    let found = 0;
    for (let i = 0; i < 5000; i++) {
      let text = '';
      for (let k = 1 + next(5); k > 0; k--) text += glue[next(glue.length)]! + mutate(names[next(names.length)]!) + glue[next(glue.length)]!;
      const mentions = extractor.extract(text);
      const expected = reference(text, mentions.filter((m) => m.via === 'cashtag').map((m) => m.ticker));
      found += expected.length;
      expect(mentions.filter((m) => m.via === 'name').map((m) => m.ticker)).toEqual(expected);
    }
    expect(found).toBeGreaterThan(1000);
  });
});
