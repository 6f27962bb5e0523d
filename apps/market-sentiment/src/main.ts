import { bootstrapService } from '@tsunagu/platform';
import { MarketSentimentModule } from './market-sentiment.module';

/** Market sentiment as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('market-sentiment', () => [MarketSentimentModule.register()]).catch(() => {
  process.exitCode ||= 1;
});
