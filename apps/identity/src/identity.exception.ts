import { CodedException } from '@tsunagu/platform';

/** Why an identity request failed; the exception filter maps each code to an HTTP status. */
export const IDENTITY_ERROR = {
  invalidCredentials: 'INVALID_CREDENTIALS',
  tooManyAttempts: 'TOO_MANY_ATTEMPTS',
  userExists: 'USER_EXISTS',
  userNotFound: 'USER_NOT_FOUND',
  lastAdmin: 'LAST_ADMIN',
  notASession: 'NOT_A_SESSION',
  wrongPassword: 'WRONG_PASSWORD',
} as const;
export type IdentityErrorCode = (typeof IDENTITY_ERROR)[keyof typeof IDENTITY_ERROR];

export class IdentityException extends CodedException<IdentityErrorCode> {}
