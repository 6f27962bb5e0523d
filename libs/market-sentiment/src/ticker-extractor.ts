import { tickerSchema } from '@tsunagu/contracts';
import catalogue from './data/company-tickers.json';

export interface TickerMention {
  readonly ticker: string;
  /** what named it: a cashtag (`$TSLA`) or a catalogue company name (`Tesla`) */
  readonly via: 'cashtag' | 'name';
  readonly text: string;
}

export interface CompanyEntry {
  readonly ticker: string;
  readonly names: readonly string[];
}

/**
 * Cashtags: `$` + 1-6 letters, optionally a class suffix (`$BRK.B`), not a price
 * (`$5`) nor the middle of a word. Cashtags are read upper-cased ("$tsla").
 */
const CASHTAG = /(?<![\w$])\$([A-Za-z]{1,6}(?:\.[A-Za-z]{1,2})?)(?![\w])/g;

/** Finds the tickers a tweet is about, from cashtags and a company-name catalogue. */
export class TickerExtractor {
  private readonly patterns: ReadonlyArray<{ readonly ticker: string; readonly name: string; readonly pattern: RegExp }>;

  constructor(companies: readonly CompanyEntry[] = catalogue.companies) {
    this.patterns = companies.flatMap((c) =>
      c.names.map((name) => {
        const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
        // single words must match their capitalisation ("Apple", not "apple"); phrases are unambiguous enough
        const flags = /\s/.test(name) ? 'i' : '';
        return { ticker: c.ticker, name, pattern: new RegExp(`(?<![\\w$])${escaped}(?![\\w])`, flags) };
      }),
    );
  }

  /** Distinct mentions: cashtags first, then names, each in order of appearance. */
  extract(text: string): TickerMention[] {
    const seen = new Set<string>();
    const out: TickerMention[] = [];
    for (const match of text.normalize('NFKC').matchAll(CASHTAG)) {
      const ticker = match[1]!.toUpperCase();
      if (seen.has(ticker) || !tickerSchema.safeParse(ticker).success) continue;
      seen.add(ticker);
      out.push({ ticker, via: 'cashtag', text: match[0] });
    }
    const named: Array<TickerMention & { readonly at: number }> = [];
    for (const { ticker, name, pattern } of this.patterns) {
      if (seen.has(ticker)) continue;
      const at = text.search(pattern);
      if (at < 0) continue;
      seen.add(ticker);
      named.push({ ticker, via: 'name', text: name, at });
    }
    named.sort((a, b) => a.at - b.at);
    return [...out, ...named.map(({ ticker, via, text: t }) => ({ ticker, via, text: t }))];
  }
}
