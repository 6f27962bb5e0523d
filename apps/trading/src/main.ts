import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { TradingModule } from './trading.module';

/** Paper trading as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('trading', () => [TradingModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['trading'] }).catch(() => {
  process.exitCode ||= 1;
});
