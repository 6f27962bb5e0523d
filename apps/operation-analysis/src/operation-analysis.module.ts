import { Inject, Injectable, Module, type DynamicModule } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { MachineAnalyser } from '@tsunagu/operation-analysis';
import { openServiceDataSource, PLATFORM_TOKENS, ServiceDatabase, type HealthRegistry } from '@tsunagu/platform';
import { AnalysisStateRepository } from './analysis/analysis-state.repository';
import { AnalysisService } from './analysis/analysis.service';
import { ConsumerOffsetEntity } from './analysis/consumer-offset.entity';
import { MachineStateEntity } from './analysis/machine-state.entity';
import { TelemetryConsumer } from './analysis/telemetry.consumer';
import { WorkOrderClosureEntity } from './analysis/work-order-closure.entity';
import { OperationAnalysisInit1764600100000 } from './migrations/1764600100000-operation-analysis-init';
import { operationAnalysisOptionsFromEnv, type OperationAnalysisOptions } from './operation-analysis.config';
import { OPERATION_ANALYSIS_SCHEMA, OPERATION_ANALYSIS_TOKENS } from './operation-analysis.constants';
import { UtilisationDayEntity } from './utilisation/utilisation-day.entity';
import { UtilisationController } from './utilisation/utilisation.controller';
import { UtilisationRepository } from './utilisation/utilisation.repository';

/** Probes the schema for /health and closes the pool after the consumers stopped (see ServiceDatabase). */
@Injectable()
class OperationAnalysisDatabase extends ServiceDatabase {
  constructor(@Inject(OPERATION_ANALYSIS_TOKENS.dataSource) dataSource: DataSource, @Inject(PLATFORM_TOKENS.health) health: HealthRegistry) {
    super(dataSource, OPERATION_ANALYSIS_SCHEMA);
    health.register('operation-analysis-db', () => this.ping());
  }
}

/**
 * Operation analysis (pair 1's engagement system): consumes machine telemetry,
 * runs the detectors of @tsunagu/operation-analysis per machine, publishes
 * maintenance findings and serves the utilisation report. Relies only on the
 * platform core's providers, so it mounts in the all-in-one process.
 */
@Module({})
export class OperationAnalysisModule {
  static register(options: Partial<OperationAnalysisOptions> = {}): DynamicModule {
    return {
      module: OperationAnalysisModule,
      controllers: [UtilisationController],
      providers: [
        { provide: OPERATION_ANALYSIS_TOKENS.options, useFactory: (): OperationAnalysisOptions => ({ ...operationAnalysisOptionsFromEnv(), ...options }) },
        {
          provide: OPERATION_ANALYSIS_TOKENS.analyser,
          inject: [OPERATION_ANALYSIS_TOKENS.options],
          useFactory: (o: OperationAnalysisOptions) => new MachineAnalyser(o.catalogue),
        },
        {
          provide: OPERATION_ANALYSIS_TOKENS.dataSource,
          inject: [PLATFORM_TOKENS.databaseUrl],
          useFactory: (url: string) =>
            openServiceDataSource({
              url,
              schema: OPERATION_ANALYSIS_SCHEMA,
              entities: [MachineStateEntity, ConsumerOffsetEntity, WorkOrderClosureEntity, UtilisationDayEntity],
              migrations: [OperationAnalysisInit1764600100000],
            }),
        },
        OperationAnalysisDatabase,
        AnalysisStateRepository,
        UtilisationRepository,
        AnalysisService,
        TelemetryConsumer,
      ],
      exports: [AnalysisService],
    };
  }
}
