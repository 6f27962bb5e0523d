/** One railway line of the gazetteer (data/tokyo-rail.gazetteer.json). */
export interface RailLine {
  readonly id: string;
  /** the operator's line symbol, e.g. JY ('' where the line has none) */
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
  /** reading in hiragana, as the data set gives it (じぇいあーるやまのてせん) */
  readonly nameKana?: string;
  /** romaji of the reading without the operator (yamanotesen) */
  readonly nameRomaji?: string;
  readonly operator: string;
  readonly operatorEn?: string;
  readonly kind?: 'shinkansen' | 'jr' | 'subway' | 'private' | 'monorail' | 'new-transit' | 'tram';
  /** what passengers write: 山手線, ヤマノテ, yamanote, nicknames, kana spellings… */
  readonly aliases: readonly string[];
  /** station ids in line order */
  readonly stations: readonly string[];
}

/** One station; an interchange is a single id shared by its lines. */
export interface RailStation {
  readonly nameJa: string;
  readonly nameEn: string;
  readonly nameKana?: string;
  readonly nameRomaji?: string;
  /** WGS84 decimal degrees */
  readonly lat: number;
  readonly lon: number;
  readonly aliases: readonly string[];
}

export interface GazetteerData {
  readonly version: number;
  readonly description?: string;
  readonly source?: { readonly dataset: string; readonly licence: string; readonly revision: string };
  readonly lines: readonly RailLine[];
  readonly stations: Readonly<Record<string, RailStation>>;
}
