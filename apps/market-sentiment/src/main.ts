import { bootstrapService } from '@tsunagu/platform';
import { MarketSentimentModule } from './market-sentiment.module';

void bootstrapService('market-sentiment', () => [MarketSentimentModule]).catch(() => {
  process.exitCode ||= 1;
});
