import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tweet offsets move to the kernel's table (same meaning, keyed by consumer
 * group too). They are offsets of `social.tweet.received.v1` and keep that topic
 * name; the consumer now reads v2, whose offsets start afresh.
 */
export class TweetAnalysisKernelOffsets1765000000100 implements MigrationInterface {
  name = 'TweetAnalysisKernelOffsets1765000000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO tweet_analysis.kernel_offsets (group_id, topic, partition, "offset", updated_at)
      SELECT 'tweet-analysis', topic, partition, last_offset, updated_at FROM tweet_analysis.partition_offsets
      ON CONFLICT DO NOTHING`);
    await q.query(`DROP TABLE tweet_analysis.partition_offsets`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tweet_analysis.partition_offsets (
        topic text NOT NULL, partition integer NOT NULL, last_offset bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (topic, partition))`);
    await q.query(`
      INSERT INTO tweet_analysis.partition_offsets (topic, partition, last_offset, updated_at)
      SELECT topic, partition, "offset", updated_at FROM tweet_analysis.kernel_offsets WHERE group_id = 'tweet-analysis'`);
  }
}
