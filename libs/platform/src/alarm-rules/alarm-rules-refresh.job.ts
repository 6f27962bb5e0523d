import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '../jobs/interval-job';
import { ALARM_RULES_FEATURE } from './alarm-rules.constants';
import type { AlarmRulesFeature } from './alarm-rules.feature';
import { AlarmRulesService } from './alarm-rules.service';

/** Every `pollMs`: picks up rule changes made through another instance (the table is the source). */
@Injectable()
export class AlarmRulesRefreshJob extends IntervalJob<boolean> {
  readonly name = 'alarm-rules-refresh';
  readonly intervalMs: number;

  constructor(
    private readonly rules: AlarmRulesService,
    @Inject(ALARM_RULES_FEATURE) feature: AlarmRulesFeature,
  ) {
    super();
    this.intervalMs = feature.pollMs;
  }

  protected execute(): Promise<boolean> {
    return this.rules.refresh();
  }
}
