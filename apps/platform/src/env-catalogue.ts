import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { baseEnv, databaseEnv, kafkaEnv, kernelEnv } from '@tsunagu/platform';
import { callCentreEnv } from '@apps/call-centre';
import { vehicleMonitoringEnv } from '@apps/vehicle-monitoring';
import { dispatchEnv } from '@apps/dispatch';
import { ingestBrokerEnv } from '@apps/ingest-broker';
import { maintenanceEnv } from '@apps/maintenance';
import { marketSentimentEnv } from '@apps/market-sentiment';
import { operationAnalysisEnv } from '@apps/operation-analysis';
import { telemetryHistoryEnv } from '@apps/telemetry-history';
import { tradingEnv } from '@apps/trading';
import { tweetAnalysisEnv } from '@apps/tweet-analysis';
import { identityEnv } from '@apps/identity';
import { deadLettersEnv } from '@apps/dead-letters';

/** Every environment schema of the platform, with the file that declares it (its comments document each variable). */
export const ENV_SCHEMAS: ReadonlyArray<{ readonly scope: string; readonly schema: z.ZodObject; readonly file: string }> = [
  { scope: 'all services', schema: baseEnv, file: 'libs/platform/src/config/env-fragments.ts' },
  { scope: 'all services', schema: kafkaEnv, file: 'libs/platform/src/config/env-fragments.ts' },
  { scope: 'all services', schema: databaseEnv, file: 'libs/platform/src/config/env-fragments.ts' },
  { scope: 'all services', schema: kernelEnv, file: 'libs/platform/src/config/env-fragments.ts' },
  { scope: 'ingest-broker', schema: ingestBrokerEnv, file: 'apps/ingest-broker/src/config/ingest-broker.config.ts' },
  { scope: 'operation-analysis', schema: operationAnalysisEnv, file: 'apps/operation-analysis/src/operation-analysis.config.ts' },
  { scope: 'maintenance', schema: maintenanceEnv, file: 'apps/maintenance/src/maintenance.config.ts' },
  { scope: 'vehicle-monitoring', schema: vehicleMonitoringEnv, file: 'apps/vehicle-monitoring/src/vehicle-monitoring.config.ts' },
  { scope: 'call-centre', schema: callCentreEnv, file: 'apps/call-centre/src/call-centre.config.ts' },
  { scope: 'market-sentiment', schema: marketSentimentEnv, file: 'apps/market-sentiment/src/market-sentiment.config.ts' },
  { scope: 'trading', schema: tradingEnv, file: 'apps/trading/src/trading.config.ts' },
  { scope: 'tweet-analysis', schema: tweetAnalysisEnv, file: 'apps/tweet-analysis/src/tweet-analysis.config.ts' },
  { scope: 'dispatch', schema: dispatchEnv, file: 'apps/dispatch/src/dispatch.config.ts' },
  { scope: 'telemetry-history', schema: telemetryHistoryEnv, file: 'apps/telemetry-history/src/telemetry-history.config.ts' },
  { scope: 'identity', schema: identityEnv, file: 'apps/identity/src/identity.config.ts' },
  { scope: 'dead-letters', schema: deadLettersEnv, file: 'apps/dead-letters/src/dead-letters.config.ts' },
];

export interface EnvVariable {
  readonly name: string;
  readonly scope: string;
  /** the default as the schema applies it, or `unset` */
  readonly defaultValue: string;
  /** the doc comment above the variable in its schema */
  readonly meaning: string;
}

/** Lists every variable with its default (taken from the schema) and meaning (its doc comment). */
export function envCatalogue(repoRoot: string): EnvVariable[] {
  const out: EnvVariable[] = [];
  for (const { scope, schema, file } of ENV_SCHEMAS) {
    const source = readFileSync(`${repoRoot}/${file}`, 'utf8');
    for (const [name, field] of Object.entries(schema.shape)) {
      const parsed = (field as z.ZodType).safeParse(undefined);
      const value = parsed.success ? parsed.data : undefined;
      // the doc comment right above `NAME:` (its body holds neither `/**` nor `*/`)
      const comment = new RegExp(`/\\*\\*((?:(?!/\\*\\*|\\*/)[^])*)\\*/\\s*\\n\\s*${name}:`).exec(source);
      out.push({
        name,
        scope,
        defaultValue: value === undefined ? 'unset' : Array.isArray(value) ? value.join(',') : String(value),
        meaning: (comment?.[1] ?? '').replace(/\s*\n\s*\*\s*/g, ' ').trim(),
      });
    }
  }
  return out;
}
