import gazetteerJson from '../../data/tokyo-rail.gazetteer.json';
import { normaliseText } from '../text/text-normaliser';
import { TermMatcher } from '../text/term-matcher';
import type { GazetteerData, RailLine, RailStation } from './gazetteer.types';

/**
 * What a name refers to. A station name can be shared by stations far apart
 * (霞ケ関 in Chiyoda and in Kawagoe): `ids` holds every candidate, `id` the first.
 */
export type PlaceRef = { readonly kind: 'line'; readonly id: string } | { readonly kind: 'station'; readonly id: string; readonly ids: readonly string[] };

/** A name found in a text, with its place in the (normalised) text. */
export interface PlaceMention {
  readonly start: number;
  readonly end: number;
  readonly ref: PlaceRef;
}

export interface PlaceMentions {
  /** line ids in order of first mention */
  readonly lines: readonly string[];
  /** station ids in order of first mention (every candidate of an ambiguous name) */
  readonly stations: readonly string[];
  /** the candidates per station name, in order of mention */
  readonly stationGroups?: ReadonlyArray<readonly string[]>;
}

/**
 * Station names that are also everyday words or common surnames without a
 * station context (公園 "park", 昭和 an era); a tweet naming one of these means
 * the word far more often than the station. Lines and longer names still match.
 */
const STATION_STOPWORDS: ReadonlySet<string> = new Set(['公園', '運河', '国道', '昭和', '観音', '天台', '開成', '若葉', '大和', '日向', '新田', '高野', '緑町', 'yoga', 'koen', 'unga']);

/** Honorifics after a name mean a person (中野さん), not the station. */
const HONORIFIC = /^(さん|くん|君|ちゃん|様|さま|氏|先生|先輩)/;

/** A station name followed by an honorific: 中野さん is a person. */
export function isPersonName(norm: string, m: { readonly end: number; readonly value: PlaceRef }): boolean {
  if (m.value.kind !== 'station') return false;
  const next = norm.charCodeAt(m.end);
  // さ く ち 様 氏 先 君: the first characters of the honorifics
  return (next === 0x3055 || next === 0x304f || next === 0x3061 || next === 0x69d8 || next === 0x6c0f || next === 0x5148 || next === 0x541b) && HONORIFIC.test(norm.slice(m.end, m.end + 2));
}

/** Japanese station names are also written with 駅 ("新宿駅"); English ones with "station". */
function stationTerms(station: RailStation): string[] {
  return [station.nameJa, station.nameEn, ...station.aliases].map(normaliseText);
}

/**
 * Tokyo-area lines and stations (kept as data) and the extraction of the ones a
 * tweet mentions. Lines are registered before stations, so on an equal-length
 * tie the line wins; longer names always win (銀座線 over 銀座, 中目黒 over 目黒).
 */
export class Gazetteer {
  private readonly linesById = new Map<string, RailLine>();
  private readonly stationsById = new Map<string, RailStation>();
  private readonly linesOfStation = new Map<string, string[]>();
  readonly matcher: TermMatcher<PlaceRef>;
  /** every name (normalised) with what it refers to, lines first */
  readonly names: ReadonlyArray<readonly [string, PlaceRef]>;

  constructor(data: GazetteerData) {
    for (const [id, station] of Object.entries(data.stations)) this.stationsById.set(id, station);
    const entries = new Map<string, PlaceRef>();
    for (const line of data.lines) {
      this.linesById.set(line.id, line);
      for (const stationId of line.stations) {
        if (!this.stationsById.has(stationId)) throw new RangeError(`gazetteer: line ${line.id} lists unknown station ${stationId}`);
        const lines = this.linesOfStation.get(stationId) ?? [];
        if (!lines.includes(line.id)) lines.push(line.id);
        this.linesOfStation.set(stationId, lines);
      }
      // lines first: on an equal-length tie a line wins, and the first line to claim a name keeps it
      for (const term of [line.nameJa, line.nameEn, ...line.aliases].map(normaliseText)) if (!entries.has(term)) entries.set(term, { kind: 'line', id: line.id });
    }
    for (const [id, station] of this.stationsById) {
      for (const term of stationTerms(station)) {
        if (term.length < 2 || STATION_STOPWORDS.has(term)) continue;
        const known = entries.get(term);
        if (!known) entries.set(term, { kind: 'station', id, ids: [id] });
        else if (known.kind === 'station' && !known.ids.includes(id)) entries.set(term, { ...known, ids: [...known.ids, id] });
      }
    }
    this.names = [...entries];
    this.matcher = new TermMatcher(this.names);
  }

  get lines(): readonly RailLine[] {
    return [...this.linesById.values()];
  }

  line(id: string): RailLine | undefined {
    return this.linesById.get(id);
  }

  station(id: string): RailStation | undefined {
    return this.stationsById.get(id);
  }

  linesOf(stationId: string): readonly string[] {
    return this.linesOfStation.get(stationId) ?? [];
  }

  isOnLine(stationId: string, lineId: string): boolean {
    return this.linesOf(stationId).includes(lineId);
  }

  /** The lines and stations a text names (text is normalised here). */
  extract(text: string): PlaceMentions {
    return this.extractNormalised(normaliseText(text));
  }

  extractNormalised(norm: string): PlaceMentions {
    return summarise(this.scanNormalised(norm));
  }

  /** Every line and station name in a normalised text, with its span, left to right. */
  scanNormalised(norm: string): PlaceMention[] {
    const out: PlaceMention[] = [];
    for (const m of this.matcher.scan(norm)) if (!isPersonName(norm, m)) out.push({ start: m.start, end: m.end, ref: m.value });
    return out;
  }

  /**
   * The lines a report is about: the lines named; if none is named, the one line
   * all named stations share (新宿 alone is on six lines: no line; 下北沢 alone: Odakyu).
   */
  resolveLines(mentions: PlaceMentions): string[] {
    if (mentions.lines.length > 0) return [...mentions.lines];
    return this.lineOfStations(mentions.stationGroups ?? mentions.stations.map((s) => [s]));
  }

  /**
   * The one line every named station is on (each name counts with all its
   * candidates: 霞ケ関 is on Marunouchi, Hibiya, Chiyoda and Tobu Tojo), or none.
   */
  lineOfStations(groups: ReadonlyArray<readonly string[]>): string[] {
    if (groups.length === 0) return [];
    let common: string[] | null = null;
    for (const ids of groups) {
      const lines = new Set(ids.flatMap((id) => this.linesOf(id)));
      common = common === null ? [...lines] : common.filter((l) => lines.has(l));
    }
    return common !== null && common.length === 1 ? common : [];
  }
}

/** Line ids and station ids in order of first mention. */
export function summarise(mentions: readonly PlaceMention[]): PlaceMentions {
  const lines: string[] = [];
  const stations: string[] = [];
  const stationGroups: string[][] = [];
  for (const m of mentions) {
    if (m.ref.kind === 'line') {
      if (!lines.includes(m.ref.id)) lines.push(m.ref.id);
      continue;
    }
    const fresh = m.ref.ids.filter((id) => !stations.includes(id));
    if (fresh.length === 0) continue;
    stations.push(...fresh);
    stationGroups.push([...m.ref.ids]);
  }
  return { lines, stations, stationGroups };
}

let tokyo: Gazetteer | null = null;

/** The shipped Tokyo-area gazetteer (data/tokyo-rail.gazetteer.json), built once. */
export function tokyoGazetteer(): Gazetteer {
  tokyo ??= new Gazetteer(gazetteerJson as GazetteerData);
  return tokyo;
}
