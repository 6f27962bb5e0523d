/** The tweet-analysis service's public entry (the all-in-one process and other apps' tests import only this). */
export { TweetAnalysisModule, TWEET_ANALYSIS_SERVICE } from './tweet-analysis.module';
export { tweetAnalysisEnv, type TweetAnalysisOptions } from './tweet-analysis.config';
export { TWEET_ANALYSIS } from './tweet-analysis.constants';
export { TWEET_ANALYSIS_TABLES } from './tweet-analysis.tables';
export { QuietLinesJob } from './detection/quiet-lines.job';
