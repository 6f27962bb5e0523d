import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { DISPATCH_ERROR, DispatchException } from './dispatch.exception';

/** Maps dispatch error codes to HTTP (404 for an unknown disruption or assignment). */
export const DispatchExceptionFilter = codedExceptionFilter(DispatchException, {
  [DISPATCH_ERROR.disruptionNotFound]: HttpStatus.NOT_FOUND,
  [DISPATCH_ERROR.assignmentNotFound]: HttpStatus.NOT_FOUND,
});
