import { HttpStatus } from '@nestjs/common';
import { codedException } from '../nest/coded-exception';

/** Why an alarm-rule request failed, and the HTTP status each code is answered with. */
export class AlarmRulesException extends codedException({
  ruleInvalid: ['RULE_INVALID', HttpStatus.BAD_REQUEST],
  ruleVersionConflict: ['RULE_VERSION_CONFLICT', HttpStatus.CONFLICT],
}) {}
export const ALARM_RULES_ERROR = AlarmRulesException.code;
