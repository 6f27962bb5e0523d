import { bootstrapService } from '@tsunagu/platform';
import { allFeatures } from './features';

/**
 * The whole platform in one process. Without KAFKA_BROKERS it uses the in-process
 * bus; without DATABASE_URL an embedded PostgreSQL under DATA_DIR.
 */
void bootstrapService('tsunagu', allFeatures, { embedded: true }).catch(() => {
  process.exitCode ||= 1;
});
