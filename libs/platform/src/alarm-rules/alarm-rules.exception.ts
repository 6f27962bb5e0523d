import { HttpStatus } from '@nestjs/common';
import { CodedException, codedExceptionFilter } from '../nest/coded-exception';

export enum AlarmRulesExceptionCode {
  RULE_INVALID = 'RULE_INVALID',
  RULE_VERSION_CONFLICT = 'RULE_VERSION_CONFLICT',
}

export class AlarmRulesException extends CodedException<AlarmRulesExceptionCode> {}

export const AlarmRulesExceptionFilter = codedExceptionFilter(AlarmRulesException, {
  [AlarmRulesExceptionCode.RULE_INVALID]: HttpStatus.BAD_REQUEST,
  [AlarmRulesExceptionCode.RULE_VERSION_CONFLICT]: HttpStatus.CONFLICT,
});
