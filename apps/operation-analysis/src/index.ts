/** The operation-analysis service's public entry (the all-in-one process and other apps' tests import only this). */
export { OperationAnalysisModule, OPERATION_ANALYSIS_SERVICE } from './operation-analysis.module';
export { operationAnalysisEnv, type OperationAnalysisOptions } from './operation-analysis.config';
export { OPERATION_ANALYSIS_GROUPS, OPERATION_ANALYSIS_SCHEMA } from './operation-analysis.constants';
export { OPERATION_ANALYSIS_TABLES } from './operation-analysis.tables';
