import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a registry request (devices, commands, state, bulk files) failed, and the HTTP status each code is answered with. */
export class DeviceRegistryException extends codedException({
  deviceNotFound: ['DEVICE_NOT_FOUND', HttpStatus.NOT_FOUND],
  deviceIdTaken: ['DEVICE_ID_TAKEN', HttpStatus.CONFLICT],
  commandInvalid: ['COMMAND_INVALID', HttpStatus.BAD_REQUEST],
  commandNotFound: ['COMMAND_NOT_FOUND', HttpStatus.NOT_FOUND],
  commandIdTaken: ['COMMAND_ID_TAKEN', HttpStatus.CONFLICT],
  stateVersionConflict: ['STATE_VERSION_CONFLICT', HttpStatus.CONFLICT],
  bulkInvalid: ['BULK_INVALID', HttpStatus.UNPROCESSABLE_ENTITY],
  bulkConflict: ['BULK_CONFLICT', HttpStatus.CONFLICT],
}) {}
export const DEVICE_REGISTRY_ERROR = DeviceRegistryException.code;
