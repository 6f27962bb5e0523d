/** One railway line of the gazetteer (data/tokyo-rail.gazetteer.json). */
export interface RailLine {
  readonly id: string;
  /** the operator's line code, e.g. JY */
  readonly code: string;
  readonly nameJa: string;
  readonly nameEn: string;
  readonly operator: string;
  /** what passengers write: 山手線, ヤマノテ, yamanote… */
  readonly aliases: readonly string[];
  /** station ids in line order */
  readonly stations: readonly string[];
}

/** One station; an interchange is a single id shared by its lines. */
export interface RailStation {
  readonly nameJa: string;
  readonly nameEn: string;
  /** WGS84 decimal degrees */
  readonly lat: number;
  readonly lon: number;
  readonly aliases: readonly string[];
}

export interface GazetteerData {
  readonly version: number;
  readonly lines: readonly RailLine[];
  readonly stations: Readonly<Record<string, RailStation>>;
}
