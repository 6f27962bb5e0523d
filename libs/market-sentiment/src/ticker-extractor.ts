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

/** `\w` of a regular expression (without the u flag): A-Z, a-z, 0-9, _ */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** `\s` of a regular expression */
function isSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) >= 128) return false;
  return true;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

/**
 * Names found in a text as the regular expression
 * `(?<![\w$])(?:name1|name2|…)(?![\w])` (flag g, and i for `ignoreCase`; a
 * whitespace run in a name matching `\s+`) finds them, longest name first: the
 * same matches, without trying every alternative at every position. Candidates
 * are kept by their first two characters (a whitespace run as one space), so a
 * position is only tried where a name can start. Names are ASCII.
 */
class NameScanner {
  /** by first and second character (128 × 128; both cases where case is ignored), longest first */
  private readonly byTwo: Array<string[] | null> = Array.from({ length: 128 * 128 }, () => null);
  /** one-character names by their character: after every longer name, as in the alternation */
  private readonly byOne: Array<string[] | null> = Array.from({ length: 128 }, () => null);
  /** 1 where a name starts with the character */
  readonly starts = new Uint8Array(128);

  constructor(
    names: readonly string[],
    private readonly ignoreCase: boolean,
  ) {
    const cases = (c: number) => (ignoreCase && isAsciiLetter(c) ? [c | 0x20, c & ~0x20] : [c]);
    // longest first, as the alternation was written (a stable sort keeps the catalogue's order among equals)
    for (const name of [...names].sort((a, b) => b.length - a.length)) {
      if (!isAscii(name.replace(/\s+/g, ' ')) || name.length === 0 || isSpace(name.charCodeAt(0))) throw new RangeError(`company name ${JSON.stringify(name)}: names are ASCII, not empty, and start with a character`);
      const add = (table: Array<string[] | null>, key: number) => (table[key] ??= []).push(name);
      for (const c0 of cases(name.charCodeAt(0))) this.starts[c0] = 1;
      if (name.length === 1) {
        for (const c0 of cases(name.charCodeAt(0))) add(this.byOne, c0);
        continue;
      }
      const second = isSpace(name.charCodeAt(1)) ? [32] : cases(name.charCodeAt(1));
      for (const c0 of cases(name.charCodeAt(0))) for (const c1 of second) add(this.byTwo, c0 * 128 + c1);
    }
  }

  /**
   * Where the longest name starting at `p` (whose character is `c0`, one a name
   * starts with) ends, or -1. The caller has checked what stands before `p`.
   */
  endAt(text: string, p: number, c0: number): number {
    const n = text.length;
    const c1 = p + 1 < n ? text.charCodeAt(p + 1) : -1;
    const k1 = c1 >= 0 && c1 < 128 ? (isSpace(c1) ? 32 : c1) : c1 >= 0 && isSpace(c1) ? 32 : -1;
    const two = k1 >= 0 ? this.byTwo[c0 * 128 + k1]! : null;
    const one = this.byOne[c0]!;
    if (two === null && one === null) return -1;
    const end = two !== null ? this.first(two, text, p) : -1;
    return end >= 0 ? end : one !== null ? this.first(one, text, p) : -1;
  }

  /** where the first of `names` that matches at `p` (not followed by a word character) ends, or -1 */
  private first(names: readonly string[], text: string, p: number): number {
    const n = text.length;
    for (const name of names) {
      const end = this.matchAt(name, text, p);
      if (end >= 0 && !(end < n && isWordChar(text.charCodeAt(end)))) return end;
    }
    return -1;
  }

  /** where `name` written at `p` ends, or -1 */
  private matchAt(name: string, text: string, p: number): number {
    const n = text.length;
    let t = p;
    for (let k = 0; k < name.length; ) {
      const pc = name.charCodeAt(k);
      if (isSpace(pc)) {
        while (k < name.length && isSpace(name.charCodeAt(k))) k++;
        if (t >= n || !isSpace(text.charCodeAt(t))) return -1;
        while (t < n && isSpace(text.charCodeAt(t))) t++;
        continue;
      }
      if (t >= n) return -1;
      const tc = text.charCodeAt(t);
      if (tc !== pc && !(this.ignoreCase && isAsciiLetter(pc) && (tc ^ 0x20) === pc)) return -1;
      k++;
      t++;
    }
    return t;
  }
}

/** tickers checked against the contract, remembered (a handful come back all day) */
const MAX_REMEMBERED_TICKERS = 10_000;

/** Finds the tickers a tweet is about, from cashtags and a company-name catalogue. */
export class TickerExtractor {
  /** single-word names match their capitalisation ("Apple", not "apple"); phrases are unambiguous enough to match in any case */
  private readonly words: NameScanner | null;
  private readonly phrases: NameScanner | null;
  private readonly tickerOf = new Map<string, string>();
  /** the catalogue's spelling of each name, by its key */
  private readonly nameOf = new Map<string, string>();
  private readonly validTicker = new Map<string, boolean>();
  /** the names found in the text being read (see scan), reused from tweet to tweet */
  private readonly matches: number[] = [];

  constructor(companies: readonly CompanyEntry[] = catalogue.companies) {
    const single: string[] = [];
    const multi: string[] = [];
    for (const c of companies) {
      for (const name of c.names) {
        const phrase = /\s/.test(name);
        const key = phrase ? name.toLowerCase().replace(/\s+/g, ' ') : name;
        if (!this.tickerOf.has(key)) {
          this.tickerOf.set(key, c.ticker);
          this.nameOf.set(key, name);
        }
        (phrase ? multi : single).push(name);
      }
    }
    this.words = single.length ? new NameScanner(single, false) : null;
    this.phrases = multi.length ? new NameScanner(multi, true) : null;
  }

  /** Distinct mentions: cashtags first, then names, each in order of appearance. */
  extract(text: string): TickerMention[] {
    const { dollar, ascii } = this.scan(text);
    const seen = new Set<string>();
    const out: TickerMention[] = [];
    if (dollar) {
      // ASCII is its own NFKC form
      for (const match of (ascii ? text : text.normalize('NFKC')).matchAll(CASHTAG)) {
        const ticker = match[1]!.toUpperCase();
        if (seen.has(ticker) || !this.isValidTicker(ticker)) continue;
        seen.add(ticker);
        out.push({ ticker, via: 'cashtag', text: match[0] });
      }
    }
    const matches = this.matches;
    if (matches.length === 0) return out;
    let named: Array<TickerMention & { readonly at: number }> | null = null;
    // the single-word names' matches first, then the phrases' (a ticker goes to the first that names it)
    for (let phrase = 0; phrase < 2; phrase++) {
      for (let m = 0; m < matches.length; m += 3) {
        if (matches[m] !== phrase) continue;
        const start = matches[m + 1]!;
        const written = text.slice(start, matches[m + 2]!);
        const key = phrase ? written.toLowerCase().replace(/\s+/g, ' ') : written;
        const ticker = this.tickerOf.get(key);
        if (!ticker || seen.has(ticker)) continue;
        seen.add(ticker);
        (named ??= []).push({ ticker, via: 'name', text: this.nameOf.get(key)!, at: start });
      }
    }
    if (named === null) return out;
    (named as Array<TickerMention & { readonly at: number }>).sort((a, b) => a.at - b.at);
    for (const { ticker, via, text: t } of named as Array<TickerMention & { readonly at: number }>) out.push({ ticker, via, text: t });
    return out;
  }

  /**
   * One pass over the text for both kinds of names, with what the cashtags need
   * to know on the way (a `$` at all, ASCII or not): each kind's matches as its
   * own scan over the text would find them (a kind resumes after its own last
   * match), as [kind (0 words, 1 phrases), start, end] triples in `matches`.
   */
  private scan(text: string): { dollar: boolean; ascii: boolean } {
    const words = this.words;
    const phrases = this.phrases;
    const matches = this.matches;
    matches.length = 0;
    const n = text.length;
    let wordsFrom = 0;
    let phrasesFrom = 0;
    let dollar = false;
    let ascii = true;
    // the character before is \w or $: no name starts here
    let blocked = false;
    for (let p = 0; p < n; p++) {
      const c0 = text.charCodeAt(p);
      if (c0 >= 128) {
        ascii = false;
        blocked = false;
        continue;
      }
      const after = blocked;
      blocked = c0 === 36 || isWordChar(c0);
      if (c0 === 36) dollar = true;
      if (after) continue;
      if (words !== null && p >= wordsFrom && words.starts[c0] === 1) {
        const end = words.endAt(text, p, c0);
        if (end >= 0) {
          matches.push(0, p, end);
          wordsFrom = end;
        }
      }
      if (phrases !== null && p >= phrasesFrom && phrases.starts[c0] === 1) {
        const end = phrases.endAt(text, p, c0);
        if (end >= 0) {
          matches.push(1, p, end);
          phrasesFrom = end;
        }
      }
    }
    return { dollar, ascii };
  }

  private isValidTicker(ticker: string): boolean {
    let valid = this.validTicker.get(ticker);
    if (valid === undefined) {
      valid = tickerSchema.safeParse(ticker).success;
      if (this.validTicker.size < MAX_REMEMBERED_TICKERS) this.validTicker.set(ticker, valid);
    }
    return valid;
  }
}
