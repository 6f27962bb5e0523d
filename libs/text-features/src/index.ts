export * from './feature-hash';
export * from './feature-index';
