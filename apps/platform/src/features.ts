import { readFileSync } from 'node:fs';
import type { DynamicModule, Type } from '@nestjs/common';
import { loadConfig, type ServiceRuntime } from '@tsunagu/platform';
import { CallCentreModule } from '@apps/call-centre';
import { IngestBrokerModule, ingestBrokerEnv, ingestOptionsFromEnv } from '@apps/ingest-broker';
import { MaintenanceModule } from '@apps/maintenance';
import { MarketSentimentModule } from '@apps/market-sentiment';
import { OperationAnalysisModule } from '@apps/operation-analysis';
import { TelemetryHistoryModule } from '@apps/telemetry-history';
import { TradingModule } from '@apps/trading';
import { VehicleMonitoringModule } from '@apps/vehicle-monitoring';
import { DashboardModule } from '@apps/dashboard';
import { IdentityModule } from '@apps/identity';
import { DeadLettersModule } from '@apps/dead-letters';
import { DispatchModule } from '@apps/dispatch';
import { TweetAnalysisModule } from '@apps/tweet-analysis';

/** Every feature module of the platform, mounted together in the all-in-one process. */
export function allFeatures(runtime: ServiceRuntime): Array<Type | DynamicModule> {
  const readFile = (path: string): Buffer => readFileSync(path);
  return [
    IngestBrokerModule.register(ingestOptionsFromEnv(loadConfig(ingestBrokerEnv), runtime.env, readFile)),
    // pair 1: construction machines → operation analysis → maintenance
    OperationAnalysisModule.register(),
    MaintenanceModule.register(),
    // pair 2: vehicles → vehicle monitoring → call centre
    VehicleMonitoringModule.register(),
    CallCentreModule.register(),
    // pair 3: tweets → market sentiment → paper trading
    MarketSentimentModule.register(),
    TradingModule.register(),
    // pair 4: train tweets → delay detection → vehicle dispatch
    TweetAnalysisModule.register(),
    DispatchModule.register(),
    // every accepted reading kept: history, downsampled charts, export, tracks
    TelemetryHistoryModule.register(),
    // every refused record, kept until an operator sends it back or discards it
    DeadLettersModule.register(),
    // operators' accounts and browser sessions (the guard then accepts session cookies beside API tokens)
    IdentityModule.register(runtime.env.DATA_DIR ? { dataDir: runtime.env.DATA_DIR } : {}),
    // operators' web console: a static page over the REST APIs above, on the same origin
    DashboardModule,
  ];
}
