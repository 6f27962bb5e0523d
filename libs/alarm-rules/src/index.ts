export * from './layered-rules';
