import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { CALL_CENTRE_ERROR, CallCentreException, type CallCentreErrorCode } from './call-centre.exception';

const STATUS_OF: Record<CallCentreErrorCode, HttpStatus> = {
  [CALL_CENTRE_ERROR.caseNotFound]: HttpStatus.NOT_FOUND,
  [CALL_CENTRE_ERROR.contactNotFound]: HttpStatus.NOT_FOUND,
  [CALL_CENTRE_ERROR.invalidTransition]: HttpStatus.CONFLICT,
};

/** Maps the call centre's error codes to HTTP: 404 unknown id, 409 with the allowed transitions. */
@Catch(CallCentreException)
export class CallCentreExceptionFilter implements ExceptionFilter {
  catch(exception: CallCentreException, host: ArgumentsHost): void {
    const status = STATUS_OF[exception.code];
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, code: exception.code, message: exception.message, ...exception.details });
  }
}
