import { bootstrapService } from '@tsunagu/platform';
import { OperationAnalysisModule } from './operation-analysis.module';

/** Operation analysis as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('operation-analysis', () => [OperationAnalysisModule.register()], { embedded: false, defaultHttpPort: 3010 }).catch(() => {
  process.exitCode ||= 1;
});
