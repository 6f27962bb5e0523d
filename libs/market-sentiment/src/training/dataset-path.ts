import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/** Repository root, from this file's place in `libs/market-sentiment/src/training/`. */
export const REPO_ROOT = resolve(__dirname, '../../../..');

/**
 * The labelled tweets live beside the repository (`../shared/data/`, see its
 * README), never inside it.
 */
export const FINANCE_TWEETS_CSV = resolve(REPO_ROOT, '../shared/data/financial-tweets-train.csv');

/** How the path is written in the metrics file: relative to the repository root. */
export const FINANCE_TWEETS_CSV_RELATIVE = '../shared/data/financial-tweets-train.csv';

export function financeTweetsAvailable(path = FINANCE_TWEETS_CSV): boolean {
  return existsSync(path);
}
