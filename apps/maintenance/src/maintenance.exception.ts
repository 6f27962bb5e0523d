import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a maintenance request failed, and the HTTP status each code is answered with. */
export class MaintenanceException extends codedException({
  workOrderNotFound: ['WORK_ORDER_NOT_FOUND', HttpStatus.NOT_FOUND],
  machineNotFound: ['MACHINE_NOT_FOUND', HttpStatus.NOT_FOUND],
  invalidTransition: ['INVALID_TRANSITION', HttpStatus.CONFLICT],
}) {}
export const MAINTENANCE_ERROR = MaintenanceException.code;
