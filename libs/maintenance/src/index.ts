export * from './work-order-lifecycle';
export * from './work-order-plan';
