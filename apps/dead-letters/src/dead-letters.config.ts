import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';

/** Dead-letter office settings, from the environment (validated once, at start-up). */
export const deadLettersEnv = z.object({
  /** dead letters per page when the request gives none */
  DEAD_LETTERS_PAGE_SIZE: envTypes.positiveInt.default(50),
});

export interface DeadLettersOptions {
  readonly defaultPageSize: number;
}

export function deadLettersOptionsFromEnv(env: z.infer<typeof deadLettersEnv>): DeadLettersOptions {
  return { defaultPageSize: env.DEAD_LETTERS_PAGE_SIZE };
}
