import { tokyoGazetteer } from './gazetteer';

describe('Gazetteer', () => {
  const g = tokyoGazetteer();
  const found = (text: string) => {
    const { lines, stations } = g.extract(text);
    return { lines, stations };
  };

  it('knows every Tokyo-area line: JR East with its through services, Tokyo Metro, Toei, the private railways, monorails and new transit', () => {
    const ids = g.lines.map((l) => l.id);
    expect(ids.length).toBeGreaterThanOrEqual(120);
    for (const id of [
      'jr-yamanote', 'jr-chuo-rapid', 'jr-keihin-tohoku', 'jr-saikyo', 'jr-chuo-sobu', 'jr-shonan-shinjuku', 'jr-ueno-tokyo', 'jr-joban', 'jr-keiyo',
      'metro-ginza', 'metro-marunouchi', 'metro-hibiya', 'metro-tozai', 'metro-chiyoda', 'metro-yurakucho', 'metro-hanzomon', 'metro-namboku', 'metro-fukutoshin',
      'toei-oedo', 'toei-asakusa', 'toei-mita', 'toei-shinjuku', 'toei-arakawa', 'toei-nippori-toneri',
      'tokyu-toyoko', 'tokyu-den-en-toshi', 'odakyu-odawara', 'keio', 'keio-inokashira', 'seibu-ikebukuro', 'seibu-shinjuku', 'tobu-tojo', 'tobu-skytree',
      'keisei-main', 'keikyu-main', 'sotetsu-main', 'tsukuba-express', 'yurikamome', 'twr-rinkai', 'tokyo-monorail', 'tama-monorail', 'enoden',
    ]) {
      expect(ids).toContain(id);
    }
    for (const line of g.lines) {
      expect({ id: line.id, ok: Boolean(line.nameJa && line.nameEn && line.nameKana && line.nameRomaji && line.operator && line.operatorEn) }).toEqual({ id: line.id, ok: true });
      expect(line.stations.length).toBeGreaterThan(0);
      for (const s of line.stations) {
        const st = g.station(s)!;
        expect(st.nameKana).toMatch(/^[ぁ-ゖー・（）()〈〉]+$/);
        // the Tokyo area, generously (Atami to Takasaki, Choshi)
        expect(st.lat).toBeGreaterThan(34.9);
        expect(st.lat).toBeLessThan(36.4);
        expect(st.lon).toBeGreaterThan(138.8);
        expect(st.lon).toBeLessThan(141);
      }
    }
  });

  it.each([
    ['山手線遅延してる、新宿で止まってる', ['jr-yamanote'], ['shinjuku']],
    ['ヤマノテ遅れてる 五反田', ['jr-yamanote'], ['gotanda']],
    ['Yamanote line delayed at Shibuya', ['jr-yamanote'], ['shibuya']],
    ['銀座線 銀座駅で停車中', ['metro-ginza'], ['ginza']],
    ['中目黒から日比谷線', ['metro-hibiya'], ['naka-meguro']],
    ['Keihin Tohoku stuck at Monzen-Nakacho', ['jr-keihin-tohoku'], ['monzen-nakacho']],
    ['霞ケ関で丸の内線', ['metro-marunouchi'], ['kasumigaseki', 'kasumigaseki-tobu-tojo']],
    ['京王八王子行き 京王線', ['keio'], ['keio-hachioji']],
    ['中央・総武線 両国', ['jr-chuo-sobu'], ['ryogoku']],
    ['ＳＨＩＮＪＵＫＵ　ｓｔａｔｉｏｎ', [], ['shinjuku']],
  ])('extracts lines and stations from %s', (text, lines, stations) => {
    expect(found(text)).toEqual({ lines, stations });
  });

  it('reads hiragana and katakana spellings, romaji and nicknames', () => {
    for (const [text, line] of [
      ['やまのてせん遅れてる', 'jr-yamanote'],
      ['とうよこ線', 'tokyu-toyoko'],
      ['田都 止まった', 'tokyu-den-en-toshi'],
      ['TX 遅延', 'tsukuba-express'],
      ['さくらトラム', 'toei-arakawa'],
      ['スカイツリーライン', 'tobu-skytree'],
      ['Den-en-toshi line', 'tokyu-den-en-toshi'],
      ['Hanzomon line', 'metro-hanzomon'],
      ['江ノ電', 'enoden'],
    ] as const) {
      expect({ text, lines: found(text).lines }).toEqual({ text, lines: [line] });
    }
  });

  it('takes the longest name wherever it starts: 南新宿 is not found inside 湘南新宿ライン', () => {
    expect(found('湘南新宿ラインが遅延')).toEqual({ lines: ['jr-shonan-shinjuku'], stations: [] });
    expect(found('南新宿で止まってる')).toEqual({ lines: [], stations: ['minami-shinjuku'] });
    expect(found('京急蒲田で人身事故')).toEqual({ lines: [], stations: ['keikyu-kamata'] });
    expect(found('新宿三丁目')).toEqual({ lines: [], stations: ['shinjuku-sanchome'] });
  });

  it('does not read a person or an everyday word as a station', () => {
    expect(found('中野さんと会った')).toEqual({ lines: [], stations: [] });
    expect(found('公園で散歩')).toEqual({ lines: [], stations: [] });
  });

  it('infers the line from stations only when they share exactly one line, counting every station of an ambiguous name', () => {
    expect(g.resolveLines(g.extract('南新宿で止まってる'))).toEqual(['odakyu-odawara']);
    expect(g.resolveLines(g.extract('新宿で止まってる'))).toEqual([]);
    expect(g.resolveLines(g.extract('霞ケ関で止まってる'))).toEqual([]);
    expect(g.resolveLines(g.extract('山手線も中央線も遅れ'))).toEqual(['jr-yamanote', 'jr-chuo-rapid']);
  });
});
