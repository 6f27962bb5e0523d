import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { DISPATCH_ERROR, DispatchException, type DispatchErrorCode } from './dispatch.exception';

const STATUS_OF: Record<DispatchErrorCode, HttpStatus> = {
  [DISPATCH_ERROR.disruptionNotFound]: HttpStatus.NOT_FOUND,
};

/** Maps dispatch error codes to HTTP (404 for an unknown disruption). */
@Catch(DispatchException)
export class DispatchExceptionFilter implements ExceptionFilter {
  catch(exception: DispatchException, host: ArgumentsHost): void {
    const status = STATUS_OF[exception.code];
    host.switchToHttp().getResponse<Response>().status(status).json({ statusCode: status, code: exception.code, message: exception.message });
  }
}
