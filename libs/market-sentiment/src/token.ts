import type { Lexeme } from './lexeme';

/**
 * The tokens both sentiment scorers read (text-normaliser.ts makes them).
 * Placeholders stand for what carries meaning as a kind rather than as a word:
 * a link, a cashtag, a mention, a number, a percentage; numbers keep their sign
 * (+5 %, −3 %), emoji and emoticons are tokens of their own.
 */
export const PLACEHOLDERS = {
  url: 'xurl',
  ticker: 'xticker',
  user: 'xuser',
  number: 'xnum',
  percent: 'xpct',
} as const;

export type TokenKind = 'word' | 'ticker' | 'url' | 'user' | 'number' | 'percent' | 'emoji' | 'emoticon' | 'punct';

export interface Token {
  /** lower-case surface form (placeholders for links, cashtags, mentions, numbers) */
  readonly word: string;
  /** Porter stem (placeholders, emoji and punctuation stay as they are) */
  readonly stem: string;
  /** inside a negation's scope ("not [good]") */
  readonly negated: boolean;
  readonly kind: TokenKind;
  /** as written: all capitals (emphasis in VADER's sense, or an acronym), Capitalised, or lower case */
  readonly caps: 'upper' | 'title' | 'lower';
  /** first word of a sentence (capitalised for grammar, not because it is a name) */
  readonly initial: boolean;
  /** numbers: +1 written with a plus, −1 with a minus, 0 unsigned */
  readonly sign: -1 | 0 | 1;
  /** numbers: the value (percent points for percentages) */
  readonly value?: number;
  /** the interned word (or symbol) with its stem: what the scorers keep their per-word facts by */
  readonly lex: Lexeme;
}
