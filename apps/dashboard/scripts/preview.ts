/**
 * Preview of the web dashboard on the all-in-one platform, without touching
 * apps/platform: every module of apps/platform/src/features.ts plus DashboardModule.
 *
 *   npm run build
 *   DATA_DIR=/tmp/dash-data HTTP_PORT=3200 MQTT_PORT=18831 MQTT_WS_PORT=0 EMBEDDED_PG_PORT=55441 \
 *     node -r ./scripts/runtime-paths.js dist/apps/dashboard/scripts/preview.js
 *   (or, from the sources: node -r @swc-node/register apps/dashboard/scripts/preview.ts)
 *
 * then open http://127.0.0.1:3200/dashboard and paste a token (API_TOKENS, or the
 * generated admin token in $DATA_DIR/api-tokens).
 */
import { bootstrapService } from '@tsunagu/platform';
import { allFeatures } from '@apps/platform';
import { DashboardModule } from '../src/dashboard.module';

void bootstrapService('tsunagu', (runtime) => [...allFeatures(runtime), DashboardModule], { embedded: true }).catch(() => {
  process.exitCode ||= 1;
});
