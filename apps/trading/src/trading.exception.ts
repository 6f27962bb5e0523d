import { CodedException } from '@tsunagu/platform';

/** Why a trading request failed; the exception filter maps each code to an HTTP status. */
export const TRADING_ERROR = {
  orderNotFound: 'ORDER_NOT_FOUND',
  /** the kill switch is already in the requested state */
  invalidTransition: 'INVALID_TRANSITION',
} as const;
export type TradingErrorCode = (typeof TRADING_ERROR)[keyof typeof TRADING_ERROR];

export class TradingException extends CodedException<TradingErrorCode> {}
