import { CodedException } from '@tsunagu/platform';

/** Why a dispatch request failed; the exception filter maps each code to an HTTP status. */
export const DISPATCH_ERROR = {
  disruptionNotFound: 'DISRUPTION_NOT_FOUND',
  assignmentNotFound: 'ASSIGNMENT_NOT_FOUND',
  requestNotFound: 'REQUEST_NOT_FOUND',
  invalidTransition: 'INVALID_TRANSITION',
} as const;
export type DispatchErrorCode = (typeof DISPATCH_ERROR)[keyof typeof DISPATCH_ERROR];

export class DispatchException extends CodedException<DispatchErrorCode> {}
