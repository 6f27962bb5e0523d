import { CodedException } from '@tsunagu/platform';

/** Why a maintenance request failed; the exception filter maps each code to an HTTP status. */
export const MAINTENANCE_ERROR = {
  workOrderNotFound: 'WORK_ORDER_NOT_FOUND',
  machineNotFound: 'MACHINE_NOT_FOUND',
  invalidTransition: 'INVALID_TRANSITION',
} as const;
export type MaintenanceErrorCode = (typeof MAINTENANCE_ERROR)[keyof typeof MAINTENANCE_ERROR];

export class MaintenanceException extends CodedException<MaintenanceErrorCode> {}
