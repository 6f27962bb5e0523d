/**
 * The all-in-one process under test: every feature module exactly as `allFeatures`
 * composes them (so a module added there is mounted in these tests too), with a
 * DATA_DIR of the test's own and some modules swapped for test settings.
 */
import type { DynamicModule, Type } from '@nestjs/common';
import type { ServiceRuntime } from '@tsunagu/platform';
import { allFeatures } from '@apps/platform';

/** `replace` maps a feature's module class to what mounts instead (e.g. the ingest broker on a free MQTT port). */
export function allInOneFeatures(dataDir: string, replace: ReadonlyArray<readonly [Type, DynamicModule]> = []): Array<Type | DynamicModule> {
  const runtime = { env: { BIND_HOST: '127.0.0.1', DATA_DIR: dataDir } } as unknown as ServiceRuntime;
  const instead = new Map<Type, DynamicModule>(replace);
  return allFeatures(runtime).map((feature) => instead.get('module' in feature ? feature.module : feature) ?? feature);
}
