export interface TermMatch<V> {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: V;
}

const LATIN = /^[a-z0-9 .'-]+$/;
const WORD_CHAR = /[a-z0-9]/;
const SEPARATOR = /[\s-]/;

/** Key under which a term is stored: spaces and hyphens do not matter ("keihin tohoku" = "keihin-tohoku"). */
function keyOf(text: string): string {
  return text.replace(/[\s-]/g, '');
}

interface TrieNode<V> {
  readonly next: Map<string, TrieNode<V>>;
  value?: V;
  /** a Latin term: matched on word boundaries */
  latin?: boolean;
}

/**
 * Finds many terms in one left-to-right pass over a character trie. At each
 * position the longest term wins, so 中目黒 is never read as 目黒 and 銀座線 never
 * as 銀座. Latin terms match on word boundaries ("late" is not found in
 * "chocolate") and ignore spaces/hyphens inside them; Japanese terms match as
 * substrings (Japanese has no spaces). Terms and text are expected normalised
 * (see normaliseText). A trie rather than one big regular expression: V8 tries
 * every alternative at every position, which made a 1,000-term pattern the
 * slowest part of the pipeline.
 */
export class TermMatcher<V> {
  private readonly root: TrieNode<V> = { next: new Map() };

  constructor(entries: Iterable<readonly [term: string, value: V]>) {
    for (const [rawTerm, value] of entries) {
      const term = rawTerm.trim();
      const key = keyOf(term);
      if (key.length === 0) continue;
      let node = this.root;
      for (const ch of key) {
        let child = node.next.get(ch);
        if (!child) {
          child = { next: new Map() };
          node.next.set(ch, child);
        }
        node = child;
      }
      if (node.value !== undefined) continue; // first registration wins (callers list the stronger meaning first)
      node.value = value;
      node.latin = LATIN.test(term);
    }
  }

  /** Every non-overlapping match, left to right. */
  scan(text: string): Array<TermMatch<V>> {
    const out: Array<TermMatch<V>> = [];
    let i = 0;
    while (i < text.length) {
      let node = this.root;
      let bestEnd = -1;
      let bestValue: V | undefined;
      for (let j = i; j < text.length; ) {
        const ch = text[j]!;
        const child = node.next.get(ch);
        if (!child) {
          // a space or hyphen inside a Latin term is optional
          if (node !== this.root && SEPARATOR.test(ch) && WORD_CHAR.test(text[j - 1]!)) {
            j++;
            continue;
          }
          break;
        }
        node = child;
        j++;
        if (node.value !== undefined && (!node.latin || this.bounded(text, i, j))) {
          bestEnd = j;
          bestValue = node.value;
        }
      }
      if (bestEnd > 0) {
        out.push({ start: i, end: bestEnd, text: text.slice(i, bestEnd), value: bestValue as V });
        i = bestEnd;
      } else {
        i++;
      }
    }
    return out;
  }

  private bounded(text: string, start: number, end: number): boolean {
    return (start === 0 || !WORD_CHAR.test(text[start - 1]!)) && (end >= text.length || !WORD_CHAR.test(text[end]!));
  }
}

/** Replaces the matched spans with spaces, so later scans do not see them again. */
export function maskMatches(text: string, matches: ReadonlyArray<TermMatch<unknown>>): string {
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + ' '.repeat(m.end - m.start);
    at = m.end;
  }
  return out + text.slice(at);
}
