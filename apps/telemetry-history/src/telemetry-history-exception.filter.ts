import { HttpStatus } from '@nestjs/common';
import { codedExceptionFilter } from '@tsunagu/platform';
import { TELEMETRY_HISTORY_ERROR, TelemetryHistoryException } from './telemetry-history.exception';

/** Maps telemetry-history error codes to HTTP: 404 unknown device, 400 naming the field for a metric the device's kind lacks. */
export const TelemetryHistoryExceptionFilter = codedExceptionFilter(TelemetryHistoryException, {
  [TELEMETRY_HISTORY_ERROR.deviceNotFound]: HttpStatus.NOT_FOUND,
  [TELEMETRY_HISTORY_ERROR.unknownMetric]: HttpStatus.BAD_REQUEST,
  [TELEMETRY_HISTORY_ERROR.notAVehicle]: HttpStatus.BAD_REQUEST,
});
