import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { IDENTITY_ERROR, IdentityException } from './identity.exception';

/** 401 wrong user name or password (never which), 429 blocked address, 404/409 on accounts, 400 a wrong current password (the session stays valid: not a 401). */
export const IdentityExceptionFilter = codedExceptionFilter(IdentityException, {
  [IDENTITY_ERROR.invalidCredentials]: HttpStatus.UNAUTHORIZED,
  [IDENTITY_ERROR.tooManyAttempts]: HttpStatus.TOO_MANY_REQUESTS,
  [IDENTITY_ERROR.userExists]: HttpStatus.CONFLICT,
  [IDENTITY_ERROR.userNotFound]: HttpStatus.NOT_FOUND,
  [IDENTITY_ERROR.lastAdmin]: HttpStatus.CONFLICT,
  [IDENTITY_ERROR.notASession]: HttpStatus.BAD_REQUEST,
  [IDENTITY_ERROR.wrongPassword]: HttpStatus.BAD_REQUEST,
});
