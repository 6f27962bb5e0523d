import { sqlMigration } from '@tsunagu/platform';

/**
 * The tweet offsets move to the kernel's table (same meaning, keyed by consumer
 * group too). They are offsets of `social.tweet.received.v1` and keep that topic
 * name; the consumer now reads v2, whose offsets start afresh.
 */
export const TweetAnalysisKernelOffsets1765000000100 = sqlMigration('TweetAnalysisKernelOffsets1765000000100', {
  up: [
    `INSERT INTO tweet_analysis.kernel_offsets (group_id, topic, partition, "offset", updated_at)
    SELECT 'tweet-analysis', topic, partition, last_offset, updated_at FROM tweet_analysis.partition_offsets
    ON CONFLICT DO NOTHING`,
    `DROP TABLE tweet_analysis.partition_offsets`,
  ],
  down: [
    `CREATE TABLE tweet_analysis.partition_offsets (
      topic text NOT NULL, partition integer NOT NULL, last_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (topic, partition))`,
    `INSERT INTO tweet_analysis.partition_offsets (topic, partition, last_offset, updated_at)
    SELECT topic, partition, "offset", updated_at FROM tweet_analysis.kernel_offsets WHERE group_id = 'tweet-analysis'`,
  ],
});
