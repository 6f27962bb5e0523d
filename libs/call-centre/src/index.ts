export * from './case-lifecycle';
