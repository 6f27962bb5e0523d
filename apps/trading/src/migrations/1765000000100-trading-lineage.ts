import { sqlMigration } from '@tsunagu/platform';

/** Lineage of each order (its signal's Kafka record and the tweet behind it), for the lineage API. */
export const TradingLineage1765000000100 = sqlMigration('TradingLineage1765000000100', {
  up: [
    `ALTER TABLE trading.orders ADD COLUMN lineage jsonb`,
  ],
  down: [
    `ALTER TABLE trading.orders DROP COLUMN lineage`,
  ],
});
