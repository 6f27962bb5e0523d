import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why an identity request failed, and the HTTP status each code is answered with. */
export class IdentityException extends codedException({
  /** a wrong user name or password (never which of the two) */
  invalidCredentials: ['INVALID_CREDENTIALS', HttpStatus.UNAUTHORIZED],
  /** the address is blocked after too many failed sign-ins */
  tooManyAttempts: ['TOO_MANY_ATTEMPTS', HttpStatus.TOO_MANY_REQUESTS],
  userExists: ['USER_EXISTS', HttpStatus.CONFLICT],
  userNotFound: ['USER_NOT_FOUND', HttpStatus.NOT_FOUND],
  lastAdmin: ['LAST_ADMIN', HttpStatus.CONFLICT],
  notASession: ['NOT_A_SESSION', HttpStatus.BAD_REQUEST],
  /** a wrong current password when changing one's own (the session stays valid: not a 401) */
  wrongPassword: ['WRONG_PASSWORD', HttpStatus.BAD_REQUEST],
}) {}
export const IDENTITY_ERROR = IdentityException.code;
