import { HttpStatus } from '@nestjs/common';
import { codedException } from '@tsunagu/platform';

/** Why a telemetry-history request failed, and the HTTP status each code is answered with. */
export class TelemetryHistoryException extends codedException({
  deviceNotFound: ['DEVICE_NOT_FOUND', HttpStatus.NOT_FOUND],
  unknownMetric: ['UNKNOWN_METRIC', HttpStatus.BAD_REQUEST],
  notAVehicle: ['NOT_A_VEHICLE', HttpStatus.BAD_REQUEST],
}) {}
export const TELEMETRY_HISTORY_ERROR = TelemetryHistoryException.code;
