import { HEADERS, TOPICS } from '@tsunagu/contracts';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Market sentiment on the kernel: the tweet offsets move to the kernel's table
 * (rows keep their group, topic and partition; those of `social.tweet.received.v1`
 * keep that name, as the consumer now reads v2 from its own start), and the signals' own outbox (the
 * `published_at` flag) gives way to the kernel's: a signal committed but never
 * published is written into `kernel_outbox`, oldest first, so the relay sends it
 * (with the headers a signal of the old outbox carried, and no known cause).
 */
export class MarketSentimentKernel1765000000100 implements MigrationInterface {
  name = 'MarketSentimentKernel1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO market_sentiment.kernel_offsets (group_id, topic, partition, "offset", updated_at)
      SELECT group_id, topic, partition, last_offset, updated_at FROM market_sentiment.consumer_offsets
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE market_sentiment.consumer_offsets`);
    await q.query(
      `INSERT INTO market_sentiment.kernel_outbox (topic, key, value, headers)
       SELECT $1, ticker, payload::text,
              jsonb_build_object($2::text, signal_id, $3::text, $1::text, $4::text, 'market-sentiment', $5::text, 'service:market-sentiment', $6::text, '-1', $7::text, '-1')
         FROM market_sentiment.signals WHERE published_at IS NULL ORDER BY created_at, signal_id`,
      [TOPICS.marketSignals, HEADERS.correlationId, HEADERS.schema, HEADERS.producer, HEADERS.sourceTopic, HEADERS.sourcePartition, HEADERS.sourceOffset],
    );
    await q.query(`DROP INDEX market_sentiment.signals_unpublished`);
    await q.query(`ALTER TABLE market_sentiment.signals DROP COLUMN published_at`);
  }

  async down(q: QueryRunner): Promise<void> {
    // what is still in the outbox is not yet published
    await q.query(`ALTER TABLE market_sentiment.signals ADD COLUMN published_at timestamptz`);
    await q.query(
      `UPDATE market_sentiment.signals SET published_at = created_at
        WHERE signal_id NOT IN (SELECT (value::jsonb)->>'signalId' FROM market_sentiment.kernel_outbox WHERE topic = $1)`,
      [TOPICS.marketSignals],
    );
    await q.query(`CREATE INDEX signals_unpublished ON market_sentiment.signals (created_at) WHERE published_at IS NULL`);
    await q.query(`
      CREATE TABLE market_sentiment.consumer_offsets (
        group_id text NOT NULL, topic text NOT NULL, partition integer NOT NULL, last_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (group_id, topic, partition))`);
    await q.query(`
      INSERT INTO market_sentiment.consumer_offsets (group_id, topic, partition, last_offset, updated_at)
      SELECT group_id, topic, partition, "offset", updated_at FROM market_sentiment.kernel_offsets WHERE group_id = 'market-sentiment'`);
  }
}
