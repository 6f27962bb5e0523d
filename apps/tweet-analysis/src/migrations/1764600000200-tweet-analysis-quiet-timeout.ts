import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The wall-clock time (epoch ms, from the service's clock) each line last
 * received a delay report, for the quiet timeout. Lines already stored start
 * from their last update.
 */
export class TweetAnalysisQuietTimeout1764600000200 implements MigrationInterface {
  name = 'TweetAnalysisQuietTimeout1764600000200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tweet_analysis.line_states ADD COLUMN last_report_wall_ms bigint`);
    await q.query(`UPDATE tweet_analysis.line_states SET last_report_wall_ms = (extract(epoch FROM updated_at) * 1000)::bigint`);
    await q.query(`ALTER TABLE tweet_analysis.line_states ALTER COLUMN last_report_wall_ms SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tweet_analysis.line_states DROP COLUMN last_report_wall_ms`);
  }
}
