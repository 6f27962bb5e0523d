import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createLogger, Metrics, PLATFORM_TOKENS } from '@tsunagu/platform';
import { CALL_CENTRE_TOKENS } from '../call-centre.constants';
import type { CallCentreOptions } from '../call-centre.config';
import { CasesService } from '../cases/cases.service';

/**
 * The time-driven escalation: every `escalationIntervalMs` it escalates the cases
 * still unacknowledged past their SLA due time. Runs never overlap; each case is
 * escalated once (the repository makes the update conditional).
 */
@Injectable()
export class EscalationJob implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('call-centre.escalation');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly escalations;

  constructor(
    private readonly cases: CasesService,
    @Inject(CALL_CENTRE_TOKENS.options) private readonly options: CallCentreOptions,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.escalations = metrics.counter('call_centre_escalations_total', 'cases escalated past their SLA');
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.runOnce(), this.options.escalationIntervalMs);
    this.timer.unref();
  }

  /** One pass; also called directly by tests. */
  async runOnce(): Promise<number> {
    if (this.running) {
      await this.running;
      return 0;
    }
    let count = 0;
    this.running = (async () => {
      try {
        count = await this.cases.escalateOverdue();
        this.escalations.inc(count);
      } catch (err) {
        // a database outage: the next run tries again
        this.logger.error('escalation run failed', { error: err as Error });
      }
    })();
    try {
      await this.running;
    } finally {
      this.running = null;
    }
    return count;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
