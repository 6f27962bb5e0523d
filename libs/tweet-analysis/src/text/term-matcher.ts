export interface TermMatch<V> {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: V;
}

const LATIN = /^[a-z0-9 .'-]+$/;
/** [a-z0-9] */
function isWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
}

/** Key under which a term is stored: spaces and hyphens do not matter ("keihin tohoku" = "keihin-tohoku"). */
function keyOf(text: string): string {
  return text.replace(/[\s-]/g, '');
}

interface TrieNode<V> {
  /** children by UTF-16 code unit */
  readonly next: Map<number, TrieNode<V>>;
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
  /**
   * The root's children by code unit, in a flat table: the scan looks up the
   * first character at every position, and a Map lookup there was most of the
   * scan's time (a profile of the English path).
   */
  private readonly first: Array<TrieNode<V> | null> = new Array<TrieNode<V> | null>(0x10000).fill(null);

  constructor(entries: Iterable<readonly [term: string, value: V]>) {
    for (const [rawTerm, value] of entries) {
      const term = rawTerm.trim();
      const key = keyOf(term);
      if (key.length === 0) continue;
      let node = this.root;
      for (let k = 0; k < key.length; k++) {
        const ch = key.charCodeAt(k);
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
    for (const [ch, child] of this.root.next) this.first[ch] = child;
  }

  /**
   * Every non-overlapping match, left to right. Where two candidates overlap the
   * longer one wins, wherever it starts: 湘南新宿ライン is one line, not 南新宿
   * inside it, even when the scan meets a shorter term first.
   */
  scan(text: string): Array<TermMatch<V>> {
    const candidates: Array<TermMatch<V>> = [];
    for (let i = 0; i < text.length; i++) {
      // no term starts inside a Latin word (Latin terms match on word boundaries)
      if (i > 0 && isWordCode(text.charCodeAt(i)) && isWordCode(text.charCodeAt(i - 1))) continue;
      const m = this.longestAt(text, i);
      if (m) candidates.push(m);
    }
    if (candidates.length <= 1) return candidates;
    const out: Array<TermMatch<V>> = [];
    let taken = 0;
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[k]!;
      if (c.start < taken) continue;
      // a longer candidate starting inside this one takes the span
      let longer = false;
      for (let j = k + 1; j < candidates.length && candidates[j]!.start < c.end; j++) {
        if (candidates[j]!.end - candidates[j]!.start > c.end - c.start) {
          longer = true;
          break;
        }
      }
      if (longer) continue;
      out.push(c);
      taken = c.end;
    }
    return out;
  }

  /** The longest term starting at `i`, if any. */
  private longestAt(text: string, i: number): TermMatch<V> | null {
    let node = this.first[text.charCodeAt(i)];
    if (!node) return null;
    let bestEnd = -1;
    let bestValue: V | undefined;
    let j = i + 1;
    if (node.value !== undefined && (!node.latin || this.bounded(text, i, j))) {
      bestEnd = j;
      bestValue = node.value;
    }
    while (j < text.length) {
      const ch = text.charCodeAt(j);
      const child: TrieNode<V> | undefined = node.next.get(ch);
      if (!child) {
        // a space or hyphen inside a Latin term is optional
        if ((ch === 32 || ch === 45) && isWordCode(text.charCodeAt(j - 1))) {
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
    return bestEnd > 0 ? { start: i, end: bestEnd, text: text.slice(i, bestEnd), value: bestValue as V } : null;
  }

  private bounded(text: string, start: number, end: number): boolean {
    return (start === 0 || !isWordCode(text.charCodeAt(start - 1))) && (end >= text.length || !isWordCode(text.charCodeAt(end)));
  }
}

/** Replaces the matched spans with spaces, so later scans do not see them again. */
export function maskMatches(text: string, matches: ReadonlyArray<{ readonly start: number; readonly end: number }>): string {
  if (matches.length === 0) return text;
  let out = '';
  let at = 0;
  for (const m of matches) {
    out += text.slice(at, m.start) + ' '.repeat(m.end - m.start);
    at = m.end;
  }
  return out + text.slice(at);
}
