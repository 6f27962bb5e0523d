import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { MAINTENANCE_ERROR, MaintenanceException } from './maintenance.exception';

/** Maps maintenance error codes to HTTP: 404 unknown id, 409 with the allowed transitions. */
export const MaintenanceExceptionFilter = codedExceptionFilter(MaintenanceException, {
  [MAINTENANCE_ERROR.workOrderNotFound]: HttpStatus.NOT_FOUND,
  [MAINTENANCE_ERROR.machineNotFound]: HttpStatus.NOT_FOUND,
  [MAINTENANCE_ERROR.invalidTransition]: HttpStatus.CONFLICT,
});
