import { z } from 'zod';
import type { Priority } from '@tsunagu/call-centre';
import { envTypes } from '@tsunagu/platform';

/** Call-centre settings, from the environment (validated once, at start-up). */
export const callCentreEnv = z.object({
  /** SLA of priority 1 (crash): seconds within which a case must be acknowledged */
  CALL_CENTRE_SLA_P1_SEC: envTypes.positiveInt.default(120),
  /** SLA of priority 2 (critical incidents), seconds */
  CALL_CENTRE_SLA_P2_SEC: envTypes.positiveInt.default(900),
  /** SLA of priority 3 (high), seconds */
  CALL_CENTRE_SLA_P3_SEC: envTypes.positiveInt.default(3600),
  /** SLA of priority 4 (medium, low, info), seconds */
  CALL_CENTRE_SLA_P4_SEC: envTypes.positiveInt.default(14_400),
  /** ms between two runs of the escalation job */
  CALL_CENTRE_ESCALATION_INTERVAL_MS: envTypes.positiveInt.default(5000),
  /** queue page size when the request gives none */
  CALL_CENTRE_PAGE_SIZE: envTypes.positiveInt.default(20),
});

export interface CallCentreOptions {
  /** SLA in seconds, indexed by priority 1..4 */
  readonly slaSec: Readonly<Record<Priority, number>>;
  readonly escalationIntervalMs: number;
  readonly defaultPageSize: number;
}

export function callCentreOptionsFromEnv(c: z.infer<typeof callCentreEnv>): CallCentreOptions {
  return {
    slaSec: { 1: c.CALL_CENTRE_SLA_P1_SEC, 2: c.CALL_CENTRE_SLA_P2_SEC, 3: c.CALL_CENTRE_SLA_P3_SEC, 4: c.CALL_CENTRE_SLA_P4_SEC },
    escalationIntervalMs: c.CALL_CENTRE_ESCALATION_INTERVAL_MS,
    defaultPageSize: c.CALL_CENTRE_PAGE_SIZE,
  };
}
