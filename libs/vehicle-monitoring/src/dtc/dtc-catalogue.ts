import { severitySchema, type Severity } from '@tsunagu/contracts';
import catalogueData from './dtc-catalogue.json';

export interface DecodedDtc {
  readonly code: string;
  readonly system: string;
  readonly description: string;
  readonly severity: Severity;
  /** false when the code is not in the catalogue (decoded from its letter and digits only) */
  readonly known: boolean;
}

interface CatalogueEntry {
  readonly system: string;
  readonly description: string;
  readonly severity: string;
}

/** SAE J2012: the first letter names the domain of a diagnostic trouble code. */
const DOMAIN_OF_LETTER: Readonly<Record<string, string>> = {
  P: 'powertrain',
  C: 'chassis',
  B: 'body',
  U: 'network',
};

/**
 * The catalogue of diagnostic trouble codes (data, not code): code → system,
 * description, severity. Unknown codes are still decoded to their domain so a
 * manufacturer-specific code is reported rather than dropped.
 */
export class DtcCatalogue {
  private readonly entries = new Map<string, DecodedDtc>();

  constructor(
    data: { readonly codes: Readonly<Record<string, CatalogueEntry>> },
    readonly version: string,
  ) {
    for (const [code, entry] of Object.entries(data.codes)) {
      const severity = severitySchema.parse(entry.severity);
      this.entries.set(code, { code, system: entry.system, description: entry.description, severity, known: true });
    }
  }

  get size(): number {
    return this.entries.size;
  }

  decode(code: string): DecodedDtc {
    const upper = code.toUpperCase();
    const known = this.entries.get(upper);
    if (known) return known;
    const domain = DOMAIN_OF_LETTER[upper[0] ?? ''] ?? 'unknown';
    // [SAE J2012] a second digit of 1 or 3 (P1xxx, P3xxx…) is manufacturer-specific
    const generic = upper[1] === '0' || upper[1] === '2';
    return {
      code: upper,
      system: domain,
      description: `${generic ? 'Generic' : 'Manufacturer-specific'} ${domain} code ${upper} (not in catalogue ${this.version})`,
      severity: 'medium',
      known: false,
    };
  }
}

/** The catalogue shipped with the library. */
export const DEFAULT_DTC_CATALOGUE = new DtcCatalogue(catalogueData, catalogueData.version);
