import { bootstrapService } from '@tsunagu/platform';
import { TradingModule } from './trading.module';

/** Paper trading as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('trading', () => [TradingModule.register()]).catch(() => {
  process.exitCode ||= 1;
});
