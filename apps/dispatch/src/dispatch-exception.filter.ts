import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { DISPATCH_ERROR, DispatchException } from './dispatch.exception';

/** Maps dispatch error codes to HTTP: 404 for an unknown disruption, request or assignment; 409 with the allowed transitions. */
export const DispatchExceptionFilter = codedExceptionFilter(DispatchException, {
  [DISPATCH_ERROR.disruptionNotFound]: HttpStatus.NOT_FOUND,
  [DISPATCH_ERROR.assignmentNotFound]: HttpStatus.NOT_FOUND,
  [DISPATCH_ERROR.requestNotFound]: HttpStatus.NOT_FOUND,
  [DISPATCH_ERROR.invalidTransition]: HttpStatus.CONFLICT,
});
