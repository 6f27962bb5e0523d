import { bootstrapService } from '@tsunagu/platform';
import { TweetAnalysisModule } from './tweet-analysis.module';

/** Tweet analysis as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('tweet-analysis', () => [TweetAnalysisModule.register()]).catch(() => {
  process.exitCode ||= 1;
});
