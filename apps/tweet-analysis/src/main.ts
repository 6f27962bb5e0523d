import { bootstrapService } from '@tsunagu/platform';
import { TweetAnalysisModule } from './tweet-analysis.module';

void bootstrapService('tweet-analysis', () => [TweetAnalysisModule]).catch(() => {
  process.exitCode ||= 1;
});
