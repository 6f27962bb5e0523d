import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a dispatch request failed, and the HTTP status each code is answered with. */
export class DispatchException extends codedException({
  disruptionNotFound: ['DISRUPTION_NOT_FOUND', HttpStatus.NOT_FOUND],
  assignmentNotFound: ['ASSIGNMENT_NOT_FOUND', HttpStatus.NOT_FOUND],
  requestNotFound: ['REQUEST_NOT_FOUND', HttpStatus.NOT_FOUND],
  /** 409 with the allowed transitions */
  invalidTransition: ['INVALID_TRANSITION', HttpStatus.CONFLICT],
}) {}
export const DISPATCH_ERROR = DispatchException.code;
