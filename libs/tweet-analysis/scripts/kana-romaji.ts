/**
 * Kana → romaji (modified Hepburn, long vowels written short: とうきょう → tokyo,
 * おおくぼ → okubo), used by the gazetteer build to give every station and line a
 * Latin spelling that English tweets use. ん before b/m/p is written n here;
 * `romajiVariants` adds the m spelling (しんばし → shinbashi, shimbashi).
 */
const DIGRAPHS: Record<string, string> = {
  きゃ: 'kya', きゅ: 'kyu', きょ: 'kyo', しゃ: 'sha', しゅ: 'shu', しょ: 'sho', ちゃ: 'cha', ちゅ: 'chu', ちょ: 'cho',
  にゃ: 'nya', にゅ: 'nyu', にょ: 'nyo', ひゃ: 'hya', ひゅ: 'hyu', ひょ: 'hyo', みゃ: 'mya', みゅ: 'myu', みょ: 'myo',
  りゃ: 'rya', りゅ: 'ryu', りょ: 'ryo', ぎゃ: 'gya', ぎゅ: 'gyu', ぎょ: 'gyo', じゃ: 'ja', じゅ: 'ju', じょ: 'jo',
  ぢゃ: 'ja', ぢゅ: 'ju', ぢょ: 'jo', びゃ: 'bya', びゅ: 'byu', びょ: 'byo', ぴゃ: 'pya', ぴゅ: 'pyu', ぴょ: 'pyo',
  てぃ: 'ti', でぃ: 'di', ふぁ: 'fa', ふぃ: 'fi', ふぇ: 'fe', ふぉ: 'fo', うぃ: 'wi', うぇ: 'we', うぉ: 'wo', しぇ: 'she',
  じぇ: 'je', ちぇ: 'che', ゔぁ: 'va',
};

const MONO: Record<string, string> = {
  あ: 'a', い: 'i', う: 'u', え: 'e', お: 'o', か: 'ka', き: 'ki', く: 'ku', け: 'ke', こ: 'ko', さ: 'sa', し: 'shi',
  す: 'su', せ: 'se', そ: 'so', た: 'ta', ち: 'chi', つ: 'tsu', て: 'te', と: 'to', な: 'na', に: 'ni', ぬ: 'nu',
  ね: 'ne', の: 'no', は: 'ha', ひ: 'hi', ふ: 'fu', へ: 'he', ほ: 'ho', ま: 'ma', み: 'mi', む: 'mu', め: 'me',
  も: 'mo', や: 'ya', ゆ: 'yu', よ: 'yo', ら: 'ra', り: 'ri', る: 'ru', れ: 're', ろ: 'ro', わ: 'wa', ゐ: 'i',
  ゑ: 'e', を: 'o', が: 'ga', ぎ: 'gi', ぐ: 'gu', げ: 'ge', ご: 'go', ざ: 'za', じ: 'ji', ず: 'zu', ぜ: 'ze',
  ぞ: 'zo', だ: 'da', ぢ: 'ji', づ: 'zu', で: 'de', ど: 'do', ば: 'ba', び: 'bi', ぶ: 'bu', べ: 'be', ぼ: 'bo',
  ぱ: 'pa', ぴ: 'pi', ぷ: 'pu', ぺ: 'pe', ぽ: 'po', ぁ: 'a', ぃ: 'i', ぅ: 'u', ぇ: 'e', ぉ: 'o', ゔ: 'vu', ー: '',
};

/** Katakana → hiragana (the readings in the data mix both). */
export function toHiragana(text: string): string {
  return text.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
}

export function toKatakana(text: string): string {
  return text.replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
}

/** Romaji of a kana reading; characters that are not kana are kept (・ becomes a space). */
export function kanaToRomaji(kana: string): string {
  const s = toHiragana(kana.normalize('NFKC'));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const two = s.slice(i, i + 2);
    if (DIGRAPHS[two]) {
      out += DIGRAPHS[two];
      i++;
      continue;
    }
    const ch = s[i]!;
    if (ch === 'っ') {
      const next = DIGRAPHS[s.slice(i + 1, i + 3)] ?? MONO[s[i + 1] ?? ''] ?? '';
      out += next.startsWith('ch') ? 't' : (next[0] ?? '');
      continue;
    }
    if (ch === 'ん') {
      out += 'n';
      continue;
    }
    if (ch === '・' || ch === '･') {
      out += ' ';
      continue;
    }
    out += MONO[ch] ?? ch;
  }
  // long vowels written short, as station signs and most tweets do
  return out.replace(/ou/g, 'o').replace(/oo(?!$)/g, 'o').replace(/uu/g, 'u');
}

/** The spellings a tweet may use: as converted, and with ん → m before b/m/p (Shimbashi). */
export function romajiVariants(romaji: string): string[] {
  const m = romaji.replace(/n(?=[bmp])/g, 'm');
  return m === romaji ? [romaji] : [romaji, m];
}

export function titleCase(text: string): string {
  return text.replace(/(^|[\s-])([a-z])/g, (_, a: string, b: string) => a + b.toUpperCase());
}
