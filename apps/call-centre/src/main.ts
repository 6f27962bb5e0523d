import { bootstrapService } from '@tsunagu/platform';
import { CallCentreModule } from './call-centre.module';

void bootstrapService('call-centre', () => [CallCentreModule]).catch(() => {
  process.exitCode ||= 1;
});
