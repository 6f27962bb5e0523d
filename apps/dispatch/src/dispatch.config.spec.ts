import { loadConfig } from '@tsunagu/platform';
import { itReadsEnvNumbers } from '../../../test/support/env-cases';
import { dispatchEnv, dispatchOptionsFromEnv } from './dispatch.config';

describe('dispatch configuration', () => {
  itReadsEnvNumbers((env) => dispatchOptionsFromEnv(loadConfig(dispatchEnv, env)), 'treats positions older than 15 minutes as stale by default, and takes DISPATCH_MAX_POSITION_AGE_MS in ms', [
    { variable: 'DISPATCH_MAX_POSITION_AGE_MS', option: 'maxPositionAgeMs', byDefault: 900_000, takes: ['120000', 120_000], refuses: ['-1'] },
  ]);
});
