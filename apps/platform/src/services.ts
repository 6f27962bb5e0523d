import type { ServiceDefinition } from '@tsunagu/platform';
import { CALL_CENTRE_SERVICE } from '@apps/call-centre';
import { INGEST_BROKER_SERVICE } from '@apps/ingest-broker';
import { MAINTENANCE_SERVICE } from '@apps/maintenance';
import { MARKET_SENTIMENT_SERVICE } from '@apps/market-sentiment';
import { OPERATION_ANALYSIS_SERVICE } from '@apps/operation-analysis';
import { TELEMETRY_HISTORY_SERVICE } from '@apps/telemetry-history';
import { TRADING_SERVICE } from '@apps/trading';
import { VEHICLE_MONITORING_SERVICE } from '@apps/vehicle-monitoring';
import { DISPATCH_SERVICE } from '@apps/dispatch';
import { TWEET_ANALYSIS_SERVICE } from '@apps/tweet-analysis';
import { IDENTITY_SERVICE } from '@apps/identity';
import { DEAD_LETTERS_SERVICE } from '@apps/dead-letters';

/** Every service of the platform as the kernel builds it (schemas, tables, topics): for checks and docs. */
export const SERVICE_DEFINITIONS: readonly ServiceDefinition[] = [
  INGEST_BROKER_SERVICE,
  // pair 1: construction machines → operation analysis → maintenance
  OPERATION_ANALYSIS_SERVICE,
  MAINTENANCE_SERVICE,
  // pair 2: vehicles → vehicle monitoring → call centre
  VEHICLE_MONITORING_SERVICE,
  CALL_CENTRE_SERVICE,
  // pair 3: tweets → market sentiment → paper trading
  MARKET_SENTIMENT_SERVICE,
  TRADING_SERVICE,
  // pair 4: train tweets → tweet analysis → vehicle dispatch
  TWEET_ANALYSIS_SERVICE,
  DISPATCH_SERVICE,
  // every accepted reading kept, downsampled, exported (charts and the fleet map)
  TELEMETRY_HISTORY_SERVICE,
  // every refused record until it is sent back or discarded
  DEAD_LETTERS_SERVICE,
  // operators' accounts and sessions of the web console
  IDENTITY_SERVICE,
];
