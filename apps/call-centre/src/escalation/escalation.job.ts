import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob, PLATFORM_TOKENS, type Metrics } from '@tsunagu/platform';
import { CALL_CENTRE_OPTIONS } from '../call-centre.constants';
import type { CallCentreOptions } from '../call-centre.config';
import { CasesService } from '../cases/cases.service';

/**
 * The time-driven escalation: every `escalationIntervalMs` it escalates the cases
 * still unacknowledged past their SLA due time. Each case is escalated once (the
 * repository makes the update conditional); resolves to how many it escalated.
 */
@Injectable()
export class EscalationJob extends IntervalJob<number> {
  readonly name = 'sla-escalation';
  readonly intervalMs: number;
  private readonly escalations;

  constructor(
    private readonly cases: CasesService,
    @Inject(CALL_CENTRE_OPTIONS) options: CallCentreOptions,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.intervalMs = options.escalationIntervalMs;
    this.escalations = metrics.counter('call_centre_escalations_total', 'cases escalated past their SLA');
  }

  protected async execute(): Promise<number> {
    const count = await this.cases.escalateOverdue();
    this.escalations.inc(count);
    return count;
  }
}
