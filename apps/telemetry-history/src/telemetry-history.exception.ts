import { CodedException } from '@tsunagu/platform';

/** Why a telemetry-history request failed; the exception filter maps each code to an HTTP status. */
export const TELEMETRY_HISTORY_ERROR = {
  deviceNotFound: 'DEVICE_NOT_FOUND',
  unknownMetric: 'UNKNOWN_METRIC',
  notAVehicle: 'NOT_A_VEHICLE',
} as const;
export type TelemetryHistoryErrorCode = (typeof TELEMETRY_HISTORY_ERROR)[keyof typeof TELEMETRY_HISTORY_ERROR];

export class TelemetryHistoryException extends CodedException<TelemetryHistoryErrorCode> {}
