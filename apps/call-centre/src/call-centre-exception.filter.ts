import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { CALL_CENTRE_ERROR, CallCentreException } from './call-centre.exception';

/** Maps the call centre's error codes to HTTP: 404 unknown id, 409 with the allowed transitions. */
export const CallCentreExceptionFilter = codedExceptionFilter(CallCentreException, {
  [CALL_CENTRE_ERROR.caseNotFound]: HttpStatus.NOT_FOUND,
  [CALL_CENTRE_ERROR.contactNotFound]: HttpStatus.NOT_FOUND,
  [CALL_CENTRE_ERROR.invalidTransition]: HttpStatus.CONFLICT,
});
