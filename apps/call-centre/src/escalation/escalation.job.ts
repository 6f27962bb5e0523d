import { jobOf } from '@tsunagu/platform';
import { CALL_CENTRE_OPTIONS } from '../call-centre.constants';
import type { CallCentreOptions } from '../call-centre.config';
import { CasesService } from '../cases/cases.service';

/**
 * The time-driven escalation: every `escalationIntervalMs` it escalates the cases
 * still unacknowledged past their SLA due time. Each case is escalated once (the
 * repository makes the update conditional); resolves to how many it escalated.
 */
export const EscalationJob = jobOf({
  name: 'sla-escalation',
  services: [CasesService],
  options: CALL_CENTRE_OPTIONS,
  intervalMs: (options: CallCentreOptions) => options.escalationIntervalMs,
  run: (_job, cases) => cases.escalateOverdue(),
  counter: { name: 'call_centre_escalations_total', help: 'cases escalated past their SLA' },
});
