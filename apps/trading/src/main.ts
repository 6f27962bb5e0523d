import { bootstrapService } from '@tsunagu/platform';
import { TradingModule } from './trading.module';

void bootstrapService('trading', () => [TradingModule]).catch(() => {
  process.exitCode ||= 1;
});
