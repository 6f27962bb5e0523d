import { sqlMigration } from '@tsunagu/platform';

/**
 * The wall-clock time (epoch ms, from the service's clock) each line last
 * received a delay report, for the quiet timeout. Lines already stored start
 * from their last update.
 */
export const TweetAnalysisQuietTimeout1764600000200 = sqlMigration('TweetAnalysisQuietTimeout1764600000200', {
  up: [
    `ALTER TABLE tweet_analysis.line_states ADD COLUMN last_report_wall_ms bigint`,
    `UPDATE tweet_analysis.line_states SET last_report_wall_ms = (extract(epoch FROM updated_at) * 1000)::bigint`,
    `ALTER TABLE tweet_analysis.line_states ALTER COLUMN last_report_wall_ms SET NOT NULL`,
  ],
  down: [
    `ALTER TABLE tweet_analysis.line_states DROP COLUMN last_report_wall_ms`,
  ],
});
