/** The all-in-one process's public entry: every feature module as it mounts them, and every service's definition. */
export { allFeatures } from './features';
export { SERVICE_DEFINITIONS } from './services';
export { envCatalogue, ENV_SCHEMAS, type EnvVariable } from './env-catalogue';
