import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

export enum DeviceRegistryExceptionCode {
  DEVICE_NOT_FOUND = 'DEVICE_NOT_FOUND',
  DEVICE_ID_TAKEN = 'DEVICE_ID_TAKEN',
}

const STATUS: Record<DeviceRegistryExceptionCode, HttpStatus> = {
  [DeviceRegistryExceptionCode.DEVICE_NOT_FOUND]: HttpStatus.NOT_FOUND,
  [DeviceRegistryExceptionCode.DEVICE_ID_TAKEN]: HttpStatus.CONFLICT,
};

export class DeviceRegistryException extends Error {
  constructor(
    readonly code: DeviceRegistryExceptionCode,
    message: string,
  ) {
    super(message);
    this.name = 'DeviceRegistryException';
  }
}

/** Maps registry exception codes to HTTP errors. */
@Catch(DeviceRegistryException)
export class DeviceRegistryExceptionFilter implements ExceptionFilter {
  catch(exception: DeviceRegistryException, host: ArgumentsHost): void {
    const status = STATUS[exception.code];
    host.switchToHttp().getResponse<Response>().status(status).json({ statusCode: status, code: exception.code, message: exception.message });
  }
}
