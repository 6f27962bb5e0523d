import { sqlMigration } from '@tsunagu/platform';

/**
 * A token naming each stored line state, new on every write: the service keeps
 * the states it wrote in memory and reuses one only while the row (read under
 * its lock) still carries the token it wrote. Rows stored before have none and
 * are read from the table.
 */
export const TweetAnalysisStateVersion1766200000000 = sqlMigration('TweetAnalysisStateVersion1766200000000', {
  up: [`ALTER TABLE tweet_analysis.line_states ADD COLUMN state_version text`],
  down: [`ALTER TABLE tweet_analysis.line_states DROP COLUMN state_version`],
});
