import { HttpStatus } from '@nestjs/common';
import { CodedException, codedExceptionFilter } from '@tsunagu/platform';

export enum DeviceRegistryExceptionCode {
  DEVICE_NOT_FOUND = 'DEVICE_NOT_FOUND',
  DEVICE_ID_TAKEN = 'DEVICE_ID_TAKEN',
  COMMAND_INVALID = 'COMMAND_INVALID',
  COMMAND_NOT_FOUND = 'COMMAND_NOT_FOUND',
  COMMAND_ID_TAKEN = 'COMMAND_ID_TAKEN',
  STATE_VERSION_CONFLICT = 'STATE_VERSION_CONFLICT',
  BULK_INVALID = 'BULK_INVALID',
  BULK_CONFLICT = 'BULK_CONFLICT',
}

export class DeviceRegistryException extends CodedException<DeviceRegistryExceptionCode> {}

/** Maps registry exception codes to HTTP errors. */
export const DeviceRegistryExceptionFilter = codedExceptionFilter(DeviceRegistryException, {
  [DeviceRegistryExceptionCode.DEVICE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DeviceRegistryExceptionCode.DEVICE_ID_TAKEN]: HttpStatus.CONFLICT,
  [DeviceRegistryExceptionCode.COMMAND_INVALID]: HttpStatus.BAD_REQUEST,
  [DeviceRegistryExceptionCode.COMMAND_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DeviceRegistryExceptionCode.COMMAND_ID_TAKEN]: HttpStatus.CONFLICT,
  [DeviceRegistryExceptionCode.STATE_VERSION_CONFLICT]: HttpStatus.CONFLICT,
  [DeviceRegistryExceptionCode.BULK_INVALID]: HttpStatus.UNPROCESSABLE_ENTITY,
  [DeviceRegistryExceptionCode.BULK_CONFLICT]: HttpStatus.CONFLICT,
});
