export * from './case-lifecycle';
export * from './case-events';
export * from './case-plan';
