import gazetteerJson from '../../data/tokyo-rail.gazetteer.json';
import { normaliseText } from '../text/text-normaliser';
import { TermMatcher } from '../text/term-matcher';
import type { GazetteerData, RailLine, RailStation } from './gazetteer.types';

export type PlaceRef = { readonly kind: 'line'; readonly id: string } | { readonly kind: 'station'; readonly id: string };

export interface PlaceMentions {
  /** line ids in order of first mention */
  readonly lines: readonly string[];
  /** station ids in order of first mention */
  readonly stations: readonly string[];
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

  constructor(data: GazetteerData) {
    for (const [id, station] of Object.entries(data.stations)) this.stationsById.set(id, station);
    const entries: Array<[string, PlaceRef]> = [];
    for (const line of data.lines) {
      this.linesById.set(line.id, line);
      for (const stationId of line.stations) {
        if (!this.stationsById.has(stationId)) throw new RangeError(`gazetteer: line ${line.id} lists unknown station ${stationId}`);
        const lines = this.linesOfStation.get(stationId) ?? [];
        lines.push(line.id);
        this.linesOfStation.set(stationId, lines);
      }
      for (const term of [line.nameJa, line.nameEn, ...line.aliases]) entries.push([normaliseText(term), { kind: 'line', id: line.id }]);
    }
    for (const [id, station] of this.stationsById) {
      for (const term of stationTerms(station)) entries.push([term, { kind: 'station', id }]);
    }
    this.matcher = new TermMatcher(entries);
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
    const lines: string[] = [];
    const stations: string[] = [];
    for (const m of this.matcher.scan(norm)) {
      const list = m.value.kind === 'line' ? lines : stations;
      if (!list.includes(m.value.id)) list.push(m.value.id);
    }
    return { lines, stations };
  }

  /**
   * The lines a report is about: the lines named; if none is named, the one line
   * all named stations share (新宿 alone is on six lines: no line; 下北沢 alone: Odakyu).
   */
  resolveLines(mentions: PlaceMentions): string[] {
    if (mentions.lines.length > 0) return [...mentions.lines];
    if (mentions.stations.length === 0) return [];
    let common: string[] | null = null;
    for (const stationId of mentions.stations) {
      const lines = this.linesOf(stationId);
      common = common === null ? [...lines] : common.filter((l) => lines.includes(l));
    }
    return common !== null && common.length === 1 ? common : [];
  }
}

let tokyo: Gazetteer | null = null;

/** The shipped Tokyo-area gazetteer (data/tokyo-rail.gazetteer.json), built once. */
export function tokyoGazetteer(): Gazetteer {
  tokyo ??= new Gazetteer(gazetteerJson as GazetteerData);
  return tokyo;
}
