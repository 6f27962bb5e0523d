import { bootstrapService, SERVICE_HTTP_PORTS } from '@tsunagu/platform';
import { OperationAnalysisModule } from './operation-analysis.module';

/** Operation analysis as its own service (requires KAFKA_BROKERS and DATABASE_URL). */
void bootstrapService('operation-analysis', () => [OperationAnalysisModule.register()], { embedded: false, defaultHttpPort: SERVICE_HTTP_PORTS['operation-analysis'] }).catch(() => {
  process.exitCode ||= 1;
});
