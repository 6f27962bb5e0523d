export * from './text-normaliser';
export * from './lexicon-sentiment';
export * from './finance-model';
export * from './ticker-extractor';
export * from './market-sentiment-analyzer';
export * from './ticker-window';
export * from './training/finance-dataset';
export * from './training/training-paths';
