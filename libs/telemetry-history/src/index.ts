export * from './metric-catalogue';
export * from './bucket-plan';
export * from './rollup';
export * from './aggregation';
export * from './track-simplify';
export * from './export-encoding';
export * from './partitions';
