import { sqlMigration } from '@tsunagu/platform';

/**
 * Every batch rewrites nearly every line's state (a row of about 1 KB per line,
 * a few hundred rows): fillfactor 20 leaves room in each page for the new
 * version, so the update is HOT (no index entry written, the old versions pruned
 * in the page). At 100, a third of the bench's updates were not HOT and the table
 * grew to 23 KB per line between vacuums. Pages already full take it as they are
 * rewritten.
 */
export const TweetAnalysisLineStatesFillfactor1766400000100 = sqlMigration('TweetAnalysisLineStatesFillfactor1766400000100', {
  up: [`ALTER TABLE tweet_analysis.line_states SET (fillfactor = 20)`],
  down: [`ALTER TABLE tweet_analysis.line_states RESET (fillfactor)`],
});
