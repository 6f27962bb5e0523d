export * from './position';
export * from './pre-trade-risk';
