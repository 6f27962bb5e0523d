import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { MAINTENANCE_ERROR, MaintenanceException, type MaintenanceErrorCode } from './maintenance.exception';

const STATUS_OF: Record<MaintenanceErrorCode, HttpStatus> = {
  [MAINTENANCE_ERROR.workOrderNotFound]: HttpStatus.NOT_FOUND,
  [MAINTENANCE_ERROR.machineNotFound]: HttpStatus.NOT_FOUND,
  [MAINTENANCE_ERROR.invalidTransition]: HttpStatus.CONFLICT,
  [MAINTENANCE_ERROR.busUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Maps maintenance error codes to HTTP: 404 unknown id, 409 with the allowed transitions, 503 bus down. */
@Catch(MaintenanceException)
export class MaintenanceExceptionFilter implements ExceptionFilter {
  catch(exception: MaintenanceException, host: ArgumentsHost): void {
    const status = STATUS_OF[exception.code];
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(status)
      .json({ statusCode: status, code: exception.code, message: exception.message, ...exception.details });
  }
}
