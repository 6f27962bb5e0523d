/** The operation-analysis service's own PostgreSQL schema. */
export const OPERATION_ANALYSIS_SCHEMA = 'operation_analysis' as const;

export const OPERATION_ANALYSIS_TOKENS = {
  analyser: 'tsunagu.operation-analysis.analyser',
  options: 'tsunagu.operation-analysis.options',
} as const;

/** Consumer groups (the test bus prefixes them): telemetry, and work-order closures. */
export const OPERATION_ANALYSIS_GROUPS = {
  telemetry: 'operation-analysis',
  closures: 'operation-analysis-closures',
} as const;
