import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a call-centre request failed, and the HTTP status each code is answered with. */
export class CallCentreException extends codedException({
  caseNotFound: ['CASE_NOT_FOUND', HttpStatus.NOT_FOUND],
  contactNotFound: ['CONTACT_NOT_FOUND', HttpStatus.NOT_FOUND],
  invalidTransition: ['INVALID_TRANSITION', HttpStatus.CONFLICT],
}) {}
export const CALL_CENTRE_ERROR = CallCentreException.code;
