import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { MarketSentimentModule } from './market-sentiment.module';

/** Market sentiment as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('market-sentiment', () => [MarketSentimentModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['market-sentiment'] }).catch(() => {
  process.exitCode ||= 1;
});
