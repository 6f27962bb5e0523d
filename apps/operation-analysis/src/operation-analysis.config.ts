import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { loadMachineCatalogue, MachineCatalogue } from '@tsunagu/operation-analysis';

/** Operation-analysis settings, from the environment (validated once, at start-up). */
export const operationAnalysisEnv = z.object({
  /** a machine catalogue JSON file replacing the built-in one (models, limits, service intervals); unset: built-in */
  MACHINE_CATALOGUE_FILE: z.string().min(1).optional(),
  /** utilisation rows per page when the request gives none */
  UTILISATION_PAGE_SIZE: envTypes.positiveInt.default(100),
  /** ms between two reads of the alarm-rule overrides (changes made through another instance apply within this) */
  ALARM_RULES_POLL_MS: envTypes.positiveInt.default(5000),
});

export interface OperationAnalysisOptions {
  readonly catalogue: MachineCatalogue;
  readonly defaultPageSize: number;
  /** ms between reloads of the alarm-rule overrides */
  readonly rulesPollMs: number;
}

export function operationAnalysisOptionsFromEnv(c: z.infer<typeof operationAnalysisEnv>): OperationAnalysisOptions {
  const catalogue = c.MACHINE_CATALOGUE_FILE
    ? MachineCatalogue.parse(JSON.parse(readFileSync(c.MACHINE_CATALOGUE_FILE, 'utf8')))
    : loadMachineCatalogue();
  return { catalogue, defaultPageSize: c.UTILISATION_PAGE_SIZE, rulesPollMs: c.ALARM_RULES_POLL_MS };
}
