import { bootstrapService } from '@tsunagu/platform';
import { DispatchModule } from './dispatch.module';

void bootstrapService('dispatch', () => [DispatchModule]).catch(() => {
  process.exitCode ||= 1;
});
