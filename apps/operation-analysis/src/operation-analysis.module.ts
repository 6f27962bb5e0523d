import { TOPICS } from '@tsunagu/contracts';
import { MachineAnalyser } from '@tsunagu/operation-analysis';
import { serviceModuleClass, serviceOptions, serviceDefinition } from '@tsunagu/platform';
import { AnalysisStateRepository } from './analysis/analysis-state.repository';
import { AnalysisService } from './analysis/analysis.service';
import { ClosuresConsumer } from './analysis/closures.consumer';
import { TelemetryConsumer } from './analysis/telemetry.consumer';
import { OperationAnalysisInit1764600100000 } from './migrations/1764600100000-operation-analysis-init';
import { OperationAnalysisKernelOffsets1765000000100 } from './migrations/1765000000100-operation-analysis-kernel';
import { operationAnalysisEnv, operationAnalysisOptionsFromEnv, type OperationAnalysisOptions } from './operation-analysis.config';
import { OPERATION_ANALYSIS_TOKENS } from './operation-analysis.constants';
import { OPERATION_ANALYSIS_TABLES } from './operation-analysis.tables';
import { AlarmRules1765100000300 } from './migrations/1765100000300-alarm-rules';
import { MachineStateVersions1766200000100 } from './migrations/1766200000100-machine-state-versions';
import { MachineStateInline1766300000100 } from './migrations/1766300000100-machine-state-inline';
import { OPERATION_ANALYSIS_ALARM_RULES } from './rules/alarm-rules.feature';
import { UtilisationController } from './utilisation/utilisation.controller';
import { UtilisationRepository } from './utilisation/utilisation.repository';

/** Operation analysis as the kernel builds it: schema, tables, options, consumers, topics, HTTP. */
export const OPERATION_ANALYSIS_SERVICE = serviceDefinition<OperationAnalysisOptions>({
  name: 'operation-analysis',
  migrations: [OperationAnalysisInit1764600100000, OperationAnalysisKernelOffsets1765000000100, AlarmRules1765100000300, MachineStateVersions1766200000100, MachineStateInline1766300000100],
  tables: OPERATION_ANALYSIS_TABLES,
  options: serviceOptions(OPERATION_ANALYSIS_TOKENS.options, operationAnalysisEnv, operationAnalysisOptionsFromEnv),
  consumers: [TelemetryConsumer, ClosuresConsumer],
  jobs: [...OPERATION_ANALYSIS_ALARM_RULES.jobs],
  produces: [TOPICS.maintenanceFindings],
  controllers: [UtilisationController, OPERATION_ANALYSIS_ALARM_RULES.controller],
  providers: [
    {
      provide: OPERATION_ANALYSIS_TOKENS.analyser,
      inject: [OPERATION_ANALYSIS_TOKENS.options],
      useFactory: (o: OperationAnalysisOptions) => new MachineAnalyser(o.catalogue),
    },
    AnalysisStateRepository,
    ...OPERATION_ANALYSIS_ALARM_RULES.providers,
    UtilisationRepository,
    AnalysisService,
  ],
  exports: [AnalysisService],
});

/**
 * Operation analysis (pair 1's engagement system): consumes machine telemetry,
 * runs the detectors of @tsunagu/operation-analysis per machine, publishes
 * maintenance findings and serves the utilisation report.
 */
export const OperationAnalysisModule = serviceModuleClass('OperationAnalysisModule', OPERATION_ANALYSIS_SERVICE);
