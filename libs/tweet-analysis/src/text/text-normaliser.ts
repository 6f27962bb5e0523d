/** Hiragana, katakana (full and half width) and CJK ideographs. */
const JAPANESE = /[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]/;
const URL = /https?:\/\/\S+/g;
const MENTION = /@[a-z0-9_]{1,15}/gi;

/**
 * Normalises tweet text for matching: Unicode NFKC (full-width letters and digits
 * become ASCII), lower case, URLs and @mentions removed (they never name a line),
 * and the small-ke variants unified (ヶ/ケ both occur in station names: 霞ケ関/霞ヶ関).
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(URL, ' ')
    .replace(MENTION, ' ')
    .toLowerCase()
    .replace(/[ヶヵ]/g, (c) => (c === 'ヶ' ? 'ケ' : 'カ'));
}

export function isJapanese(text: string): boolean {
  return JAPANESE.test(text);
}
