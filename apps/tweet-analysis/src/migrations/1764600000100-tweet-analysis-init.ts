import { sqlMigration } from '@tsunagu/platform';

/**
 * Tweet analysis' own schema: the last processed offset per partition (written in
 * the same transaction as the state, so a replay after a restart or rebalance is
 * skipped), the analysis clock (newest tweet createdAt seen), the delay reports
 * (the tweet id deduplicates), the burst-detector state per line, and the log of
 * emitted disruption changes.
 */
export const TweetAnalysisInit1764600000100 = sqlMigration('TweetAnalysisInit1764600000100', {
  up: [
    `CREATE TABLE tweet_analysis.partition_offsets (
      topic text NOT NULL,
      partition integer NOT NULL,
      last_offset bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (topic, partition)
    )`,
    `CREATE TABLE tweet_analysis.clock (
      id smallint PRIMARY KEY CHECK (id = 1),
      watermark bigint NOT NULL
    )`,
    `INSERT INTO tweet_analysis.clock (id, watermark) VALUES (1, 0)`,
    `CREATE TABLE tweet_analysis.delay_reports (
      tweet_id text NOT NULL,
      line_id text NOT NULL,
      ts bigint NOT NULL,
      author text NOT NULL,
      kind text NOT NULL,
      confidence real NOT NULL,
      stations text[] NOT NULL,
      text text NOT NULL,
      PRIMARY KEY (tweet_id, line_id)
    )`,
    `CREATE INDEX delay_reports_line_ts ON tweet_analysis.delay_reports (line_id, ts)`,
    `CREATE TABLE tweet_analysis.line_states (
      line_id text PRIMARY KEY,
      state jsonb NOT NULL,
      active_disruption_id text,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX line_states_active ON tweet_analysis.line_states (line_id) WHERE active_disruption_id IS NOT NULL`,
    `CREATE TABLE tweet_analysis.disruptions (
      disruption_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('started', 'ended')),
      line_id text NOT NULL,
      payload jsonb NOT NULL,
      emitted_at bigint NOT NULL,
      PRIMARY KEY (disruption_id, status)
    )`,
  ],
});
