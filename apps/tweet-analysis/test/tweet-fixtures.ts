import type { TweetV2 } from '@tsunagu/contracts';

/** A fixed analysis clock: the tweets' createdAt drive detection, not the wall clock. */
export const T0 = Date.UTC(2026, 10, 29, 7, 0, 0);
const MIN = 60_000;

export function tweet(id: string, text: string, at: number, author = `user_${id}`, lang = 'ja'): TweetV2 {
  return { id, author, text, lang, createdAt: at };
}

/** What passengers write when the Yamanote line stops at Shinjuku and Shibuya (replayed from a recording, in order). */
const YAMANOTE_BURST = [
  '山手線止まってる…新宿で動かない',
  '【運転見合わせ】山手線 新宿駅で人身事故',
  '山手線 運転見合わせ 渋谷のホーム人あふれてる',
  'え、山手線また止まった？新宿で缶詰',
  '山手線遅延やばい。渋谷から全然動かない',
  '山手線 見合わせ中 新宿駅 振替輸送やってる',
  '山手線とまってる、渋谷で降ろされた',
  '山手線 人身事故で運転見合わせ 新宿',
  'ヤマノテ止まってて会社間に合わない😭 渋谷',
  '山手線 全線見合わせ 新宿から歩くか',
  '山手線の運転見合わせ、再開見込みは未定らしい 新宿',
  '山手線 止まってる 渋谷駅 人多すぎ',
];

export function yamanoteBurst(from: number, idPrefix = 'b'): TweetV2[] {
  return YAMANOTE_BURST.map((text, i) => tweet(`${idPrefix}${i}`, text, from + i * 20_000, `commuter_${i}`));
}

/** Everyday chatter, hard negatives, and lone complaints spread over several lines (none adds up to a burst). */
const CHATTER: Array<[string, string]> = [
  ['ja', '遅延証明書の取り方教えてください'],
  ['ja', '山手線は今日も平常運転'],
  ['ja', '新宿で飲み会なう🍺'],
  ['ja', '渋谷のスクランブル交差点、今日も人多い'],
  ['ja', '中央線の車窓から富士山見えた'],
  ['ja', '東西線止まってないよ、普通に動いてる'],
  ['ja', '銀座で買い物してきた'],
  ['ja', '京王線 遅れてる、明大前'],
  ['ja', '池袋でラーメン食べた、最高'],
  ['ja', '小田急ロマンスカーで箱根に行く'],
  ['ja', '昨日の山手線の遅延、ニュースになってたね'],
  ['ja', '返信遅れてごめん！'],
  ['ja', 'プロジェクトの納期が遅延しそう'],
  ['ja', '東横線沿いに引っ越しました'],
  ['ja', '大江戸線って深いからホームまで遠い'],
  ['ja', '日比谷線 六本木で少し遅れ'],
  ['en', 'Yamanote line running normally today'],
  ['en', 'How do I get a delay certificate for the Chuo line?'],
  ['en', 'Shopping in Ginza today'],
  ['en', 'My flight was delayed 2 hours at Narita'],
  ['en', 'Ginza line delayed a bit at Ueno'],
  ['en', 'Best ramen near Ikebukuro station?'],
  ['en', 'Tokyo trains are always on time'],
  ['en', 'The Marunouchi line trains are bright red, love them'],
];

export function chatter(from: number, spacingMs: number, idPrefix = 'c'): TweetV2[] {
  return CHATTER.map(([lang, text], i) => tweet(`${idPrefix}${i}`, text, from + i * spacingMs, `chatty_${i % 7}`, lang));
}

export { MIN };
