import { tokyoGazetteer } from './gazetteer';

describe('Gazetteer', () => {
  const g = tokyoGazetteer();

  it('ships the required Tokyo-area lines with Japanese and English names', () => {
    const ids = g.lines.map((l) => l.id);
    for (const id of ['jr-yamanote', 'jr-chuo-rapid', 'jr-keihin-tohoku', 'jr-saikyo', 'jr-chuo-sobu', 'metro-ginza', 'metro-marunouchi', 'metro-hibiya', 'metro-tozai', 'toei-oedo', 'tokyu-toyoko', 'odakyu-odawara', 'keio']) {
      expect(ids).toContain(id);
    }
    for (const line of g.lines) {
      expect(line.nameJa).toMatch(/[線]/);
      expect(line.nameEn).toMatch(/Line/);
      for (const s of line.stations) {
        const st = g.station(s)!;
        expect(st.lat).toBeGreaterThan(35);
        expect(st.lat).toBeLessThan(36.1);
        expect(st.lon).toBeGreaterThan(139);
        expect(st.lon).toBeLessThan(140.2);
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
    ['霞ヶ関で丸の内線', ['metro-marunouchi'], ['kasumigaseki']],
    ['京王八王子行き 京王線', ['keio'], ['keio-hachioji']],
    ['中央・総武線 両国', ['jr-chuo-sobu'], ['ryogoku']],
    ['ＳＨＩＮＪＵＫＵ　ｓｔａｔｉｏｎ', [], ['shinjuku']],
  ])('extracts lines and stations from %s', (text, lines, stations) => {
    expect(g.extract(text)).toEqual({ lines, stations });
  });

  it('infers the line from a station only when the station belongs to one line', () => {
    expect(g.resolveLines(g.extract('下北沢で止まってる'))).toEqual(['odakyu-odawara']);
    expect(g.resolveLines(g.extract('新宿で止まってる'))).toEqual([]);
    expect(g.resolveLines(g.extract('山手線も中央線も遅れ'))).toEqual(['jr-yamanote', 'jr-chuo-rapid']);
  });
});
