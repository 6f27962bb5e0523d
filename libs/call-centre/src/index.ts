export * from './case-lifecycle';
export * from './case-events';
