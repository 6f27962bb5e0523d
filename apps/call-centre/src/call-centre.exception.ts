import { CodedException } from '@tsunagu/platform';

/** Why a call-centre request failed; the exception filter maps each code to an HTTP status. */
export const CALL_CENTRE_ERROR = {
  caseNotFound: 'CASE_NOT_FOUND',
  contactNotFound: 'CONTACT_NOT_FOUND',
  invalidTransition: 'INVALID_TRANSITION',
} as const;
export type CallCentreErrorCode = (typeof CALL_CENTRE_ERROR)[keyof typeof CALL_CENTRE_ERROR];

export class CallCentreException extends CodedException<CallCentreErrorCode> {}
