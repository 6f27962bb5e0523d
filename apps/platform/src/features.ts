import { readFileSync } from 'node:fs';
import type { DynamicModule, Type } from '@nestjs/common';
import { loadConfig, type ServiceRuntime } from '@tsunagu/platform';
import { ingestBrokerEnv, ingestOptionsFromEnv } from '../../ingest-broker/src/config/ingest-broker.config';
import { IngestBrokerModule } from '../../ingest-broker/src/ingest-broker.module';
import { MaintenanceModule } from '../../maintenance/src/maintenance.module';
import { MarketSentimentModule } from '../../market-sentiment/src/market-sentiment.module';
import { OperationAnalysisModule } from '../../operation-analysis/src/operation-analysis.module';
import { TradingModule } from '../../trading/src/trading.module';
import { CallCentreModule } from '../../call-centre/src/call-centre.module';
import { DashboardModule } from '../../dashboard/src/dashboard.module';
import { DispatchModule } from '../../dispatch/src/dispatch.module';
import { TweetAnalysisModule } from '../../tweet-analysis/src/tweet-analysis.module';
import { VehicleMonitoringModule } from '../../vehicle-monitoring/src/vehicle-monitoring.module';

/** Every feature module of the platform, mounted together in the all-in-one process. */
export function allFeatures(runtime: ServiceRuntime): Array<Type | DynamicModule> {
  const readFile = (path: string): Buffer => readFileSync(path);
  return [
    IngestBrokerModule.register(ingestOptionsFromEnv(loadConfig(ingestBrokerEnv), runtime.env.BIND_HOST, readFile)),
    // pair 1: construction machines → operation analysis → maintenance
    OperationAnalysisModule.register(),
    MaintenanceModule.register(),
    // pair 2: vehicles → vehicle monitoring → call centre
    VehicleMonitoringModule,
    CallCentreModule,
    // pair 3: tweets → market sentiment → paper trading
    MarketSentimentModule,
    TradingModule,
    // pair 4: train tweets → delay detection → vehicle dispatch
    TweetAnalysisModule,
    DispatchModule,
    // operators' web dashboard: a static page over the REST APIs above
    DashboardModule,
  ];
}
