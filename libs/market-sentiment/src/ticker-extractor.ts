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
  /** all single-word names in one case-sensitive pattern, all phrases in one case-insensitive one (one scan each, not one per name) */
  private readonly words: RegExp | null;
  private readonly phrases: RegExp | null;
  private readonly tickerOf = new Map<string, string>();
  /** the catalogue's spelling of each name, by its key */
  private readonly nameOf = new Map<string, string>();

  constructor(companies: readonly CompanyEntry[] = catalogue.companies) {
    const single: string[] = [];
    const multi: string[] = [];
    for (const c of companies) {
      for (const name of c.names) {
        // single words must match their capitalisation ("Apple", not "apple"); phrases are unambiguous enough
        const phrase = /\s/.test(name);
        const key = phrase ? name.toLowerCase().replace(/\s+/g, ' ') : name;
        if (!this.tickerOf.has(key)) {
          this.tickerOf.set(key, c.ticker);
          this.nameOf.set(key, name);
        }
        (phrase ? multi : single).push(name);
      }
    }
    const alternation = (names: string[]) =>
      names
        .sort((a, b) => b.length - a.length)
        .map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+'))
        .join('|');
    this.words = single.length ? new RegExp(`(?<![\\w$])(?:${alternation(single)})(?![\\w])`, 'g') : null;
    this.phrases = multi.length ? new RegExp(`(?<![\\w$])(?:${alternation(multi)})(?![\\w])`, 'gi') : null;
  }

  /** Distinct mentions: cashtags first, then names, each in order of appearance. */
  extract(text: string): TickerMention[] {
    const seen = new Set<string>();
    const out: TickerMention[] = [];
    if (text.includes('$')) {
      for (const match of text.normalize('NFKC').matchAll(CASHTAG)) {
        const ticker = match[1]!.toUpperCase();
        if (seen.has(ticker) || !tickerSchema.safeParse(ticker).success) continue;
        seen.add(ticker);
        out.push({ ticker, via: 'cashtag', text: match[0] });
      }
    }
    const named: Array<TickerMention & { readonly at: number }> = [];
    for (const [pattern, phrase] of [
      [this.words, false],
      [this.phrases, true],
    ] as const) {
      if (!pattern) continue;
      for (const m of text.matchAll(pattern)) {
        const key = phrase ? m[0].toLowerCase().replace(/\s+/g, ' ') : m[0];
        const ticker = this.tickerOf.get(key);
        if (!ticker || seen.has(ticker)) continue;
        seen.add(ticker);
        named.push({ ticker, via: 'name', text: this.nameOf.get(key)!, at: m.index });
      }
    }
    named.sort((a, b) => a.at - b.at);
    return [...out, ...named.map(({ ticker, via, text: t }) => ({ ticker, via, text: t }))];
  }
}
