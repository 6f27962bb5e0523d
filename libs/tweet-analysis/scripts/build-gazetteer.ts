/* eslint-disable no-console -- a command-line script: its report is its output */
/**
 * Regenerates data/tokyo-rail.gazetteer.json from a snapshot of the public
 * station data set "station_database" (Seo-4d696b75, CC BY-SA 4.0; see
 * data/README.md) and our own line table (scripts/tokyo-lines.table.ts):
 *
 *   npx tsx libs/tweet-analysis/scripts/build-gazetteer.ts <snapshot>
 *
 * <snapshot> is either a checkout of the data set or its bare git directory (read
 * with `git show HEAD:…`). Only what delay detection needs is kept: per line its
 * operator, kanji, kana, romaji and English names, nicknames and stations in line
 * order; per station its names and WGS84 coordinates. Stations outside the Tokyo
 * area box are dropped (a Shinkansen keeps its Kanto stations). Ids already in the
 * committed file are kept for the same station (same Japanese name within 2 km),
 * so the services' stored ids stay valid across rebuilds.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { snapshotFromArgs } from '../../../scripts/support/snapshot-reader';
import { parseCsv } from '@tsunagu/contracts';
import type { GazetteerData, RailLine, RailStation } from '../src/gazetteer/gazetteer.types';
import { kanaToRomaji, romajiVariants, titleCase, toHiragana, toKatakana } from './kana-romaji';
import { LINE_TABLE, OPERATOR_PREFIXES_JA } from './tokyo-lines.table';

const OUT = resolve(__dirname, '../data/tokyo-rail.gazetteer.json');
/** The Tokyo metropolitan area, generously: Odawara/Atami to Takasaki, Tsukuba, Narita and Choshi. */
const BOX = { minLat: 34.9, maxLat: 36.35, minLon: 138.85, maxLon: 140.95 };
/** Same name within this distance: one station (an interchange). */
const SAME_STATION_M = 1000;
/** An id in the committed file is reused for a station of the same name this close. */
const ID_HINT_M = 2000;

interface SourceStation {
  readonly code: number;
  readonly name: string;
  readonly original_name: string;
  readonly name_kana: string;
  readonly lat: number;
  readonly lng: number;
  readonly closed: boolean;
}

interface SourceLine {
  readonly code: number;
  readonly name: string;
  readonly name_kana: string;
  readonly symbol: string | null;
  readonly company_code: number;
  readonly station_list: readonly SourceStation[];
}

function metres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** 新宿 → shinjuku; 西日暮里 → nishi-nippori (a prefix written as a word of its own, as on the signs). */
function stationRomaji(nameJa: string, kana: string): string {
  const romaji = kanaToRomaji(kana).replace(/\s+/g, '-');
  for (const [kanji, roma] of [
    ['新', 'shin'],
    ['西', 'nishi'],
    ['東', 'higashi'],
    ['北', 'kita'],
    ['南', 'minami'],
    ['京成', 'keisei'],
    ['京急', 'keikyu'],
    ['武蔵', 'musashi'],
    ['相模', 'sagami'],
  ] as const) {
    if (nameJa.startsWith(kanji) && nameJa.length > kanji.length + 1 && romaji.startsWith(roma) && romaji.length > roma.length + 2) {
      return `${roma}-${romaji.slice(roma.length)}`;
    }
  }
  return romaji;
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function main(): void {
  const { read, revision } = snapshotFromArgs('build-gazetteer.ts <station_database snapshot (checkout or git dir)>');
  const companies = new Map(
    parseCsv(read('src/company.csv'))
      .slice(1)
      .map(({ fields: c }) => [Number(c[0]), c[5] ?? c[2]!] as const),
  );
  const previous: GazetteerData | null = existsSync(OUT) ? (JSON.parse(readFileSync(OUT, 'utf8')) as GazetteerData) : null;
  const hints = previous ? Object.entries(previous.stations) : [];

  interface Group {
    id: string;
    firstLine: string;
    nameJa: string;
    kana: string;
    lat: number;
    lon: number;
    names: Set<string>;
    members: number;
  }
  const groups: Group[] = [];
  const byCode = new Map<number, Group>();
  const usedIds = new Set<string>();
  const lines: RailLine[] = [];

  for (const row of LINE_TABLE) {
    const source = JSON.parse(read(`out/main/line/${row.code}.json`)) as SourceLine;
    const stationIds: Group[] = [];
    for (const s of source.station_list) {
      if (s.closed || s.lat < BOX.minLat || s.lat > BOX.maxLat || s.lng < BOX.minLon || s.lng > BOX.maxLon) continue;
      const nameJa = s.original_name.replace(/\(.*\)$/, '');
      let group = byCode.get(s.code) ?? groups.find((g) => g.nameJa === nameJa && metres(g, { lat: s.lat, lon: s.lng }) <= SAME_STATION_M);
      if (!group) {
        group = { id: '', firstLine: row.id, nameJa, kana: toHiragana(s.name_kana), lat: s.lat, lon: s.lng, names: new Set(), members: 0 };
        groups.push(group);
      }
      byCode.set(s.code, group);
      // the data set writes variants in brackets: 四ツ谷(四ッ谷), 大塚(東京) is only a disambiguation
      const variant = /\(([^)]+)\)$/.exec(s.original_name)?.[1] ?? /\(([^)]+)\)$/.exec(s.name)?.[1];
      if (variant && variant !== nameJa && /[ぁ-んァ-ヶ]/.test(variant)) group.names.add(variant);
      group.members++;
      if (!stationIds.includes(group)) stationIds.push(group);
    }
    const stem = OPERATOR_PREFIXES_JA.reduce((name, prefix) => (name.startsWith(prefix) && name.length > prefix.length + 1 ? name.slice(prefix.length) : name), row.nameJa);
    const kanaStem = toHiragana(source.name_kana)
      .replace(/^(じぇいあーる|とうきょうめとろ|とえい|とうきゅう|けいおう|おだきゅう|せいぶ|とうぶ|けいせい|けいきゅう|そうてつ)/, '')
      .replace(/\(.*\)$/, '');
    const kanaBase = kanaStem.replace(/(せん|らいん)$/, '');
    const romaji = kanaToRomaji(kanaStem);
    const aliases = new Set<string>(row.aliases);
    if (!row.noShortName && stem !== row.nameJa) aliases.add(stem);
    const kanaForms = row.kind !== 'shinkansen' && kanaStem.endsWith('せん');
    if (kanaBase.length >= 3 && kanaForms) {
      aliases.add(`${kanaBase}線`);
      aliases.add(`${toKatakana(kanaBase)}線`);
      aliases.add(kanaStem);
    }
    const romajiBase = kanaToRomaji(kanaBase);
    if (kanaForms && romajiBase.length >= 4 && !row.noShortName) for (const r of romajiVariants(romajiBase)) aliases.add(`${r} line`);
    aliases.add(row.nameEn.replace(/\s*\(.*\)$/, '').toLowerCase());
    aliases.delete(row.nameJa);
    lines.push({
      id: row.id,
      code: source.symbol ?? '',
      nameJa: row.nameJa,
      nameEn: row.nameEn,
      nameKana: toHiragana(source.name_kana),
      nameRomaji: romaji,
      operator: companies.get(source.company_code) ?? '',
      operatorEn: row.operatorEn,
      kind: row.kind,
      aliases: [...aliases],
      stations: stationIds as unknown as string[],
    });
  }

  // ids: first the ones the committed file already uses (same name, close by), then slugs of the romaji
  for (const g of groups) {
    const hinted = hints.find(([id, h]) => !usedIds.has(id) && normaliseKe(h.nameJa) === normaliseKe(g.nameJa) && metres(h, g) <= ID_HINT_M);
    if (hinted) {
      g.id = hinted[0];
      usedIds.add(g.id);
    }
  }
  for (const g of groups) {
    if (g.id) continue;
    const base = slug(stationRomaji(g.nameJa, g.kana));
    g.id = usedIds.has(base) ? `${base}-${g.firstLine}` : base;
    usedIds.add(g.id);
  }
  for (const line of lines) (line as { stations: readonly unknown[] }).stations = (line.stations as unknown as Group[]).map((g) => g.id);

  const stations: Record<string, RailStation> = {};
  for (const g of [...groups].sort((a, b) => a.id.localeCompare(b.id))) {
    const old = previous?.stations[g.id];
    const romaji = stationRomaji(g.nameJa, g.kana);
    const aliases = new Set<string>([...(old?.aliases ?? []), ...g.names]);
    for (const r of romajiVariants(romaji.replace(/-/g, ''))) if (r.length >= 4) aliases.add(r);
    aliases.delete(g.nameJa);
    const nameEn = old?.nameEn ?? titleCase(romaji);
    aliases.delete(nameEn.toLowerCase());
    stations[g.id] = {
      nameJa: g.nameJa,
      nameEn,
      nameKana: g.kana,
      nameRomaji: romaji,
      lat: Math.round(g.lat * 1e6) / 1e6,
      lon: Math.round(g.lon * 1e6) / 1e6,
      aliases: [...aliases],
    };
  }

  const data: GazetteerData = {
    version: 2,
    description:
      'Tokyo-area railway lines and stations for delay detection, generated by scripts/build-gazetteer.ts. Stations, kana readings and coordinates (WGS84 decimal degrees) from the station_database data set by Seo-4d696b75 (CC BY-SA 4.0), lines selected and named by the project (scripts/tokyo-lines.table.ts). This file is licensed CC BY-SA 4.0; see data/README.md.',
    source: { dataset: 'github.com/Seo-4d696b75/station_database (out/main)', licence: 'CC BY-SA 4.0', revision: revision() },
    lines,
    stations,
  };
  writeFileSync(OUT, `${JSON.stringify(data, null, 1)}\n`);
  console.log(`${lines.length} lines, ${Object.keys(stations).length} stations → ${OUT}`);
}

function normaliseKe(text: string): string {
  return text.normalize('NFKC').replace(/[ヶヵ]/g, (c) => (c === 'ヶ' ? 'ケ' : 'カ'));
}

main();
