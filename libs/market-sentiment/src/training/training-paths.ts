import { resolve } from 'node:path';

/** Where the committed model and its metrics live (`libs/market-sentiment/models/`). */
export const MODELS_DIR = resolve(__dirname, '../../models');
export const FINANCE_MODEL_PATH = resolve(MODELS_DIR, 'finance-sentiment.model.json');
export const FINANCE_METRICS_PATH = resolve(MODELS_DIR, 'finance-sentiment.metrics.json');
