import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { TweetAnalysisModule } from './tweet-analysis.module';

/** Tweet analysis as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('tweet-analysis', () => [TweetAnalysisModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['tweet-analysis'] }).catch(() => {
  process.exitCode ||= 1;
});
