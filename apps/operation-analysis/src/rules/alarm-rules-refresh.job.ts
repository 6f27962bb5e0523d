import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@tsunagu/platform';
import type { OperationAnalysisOptions } from '../operation-analysis.config';
import { OPERATION_ANALYSIS_TOKENS } from '../operation-analysis.constants';
import { AlarmRulesService } from './alarm-rules.service';

/** Every `ALARM_RULES_POLL_MS`: picks up rule changes made through another instance (the table is the source). */
@Injectable()
export class AlarmRulesRefreshJob extends IntervalJob<boolean> {
  readonly name = 'alarm-rules-refresh';
  readonly intervalMs: number;

  constructor(
    private readonly rules: AlarmRulesService,
    @Inject(OPERATION_ANALYSIS_TOKENS.options) options: OperationAnalysisOptions,
  ) {
    super();
    this.intervalMs = options.rulesPollMs;
  }

  protected execute(): Promise<boolean> {
    return this.rules.refresh();
  }
}
