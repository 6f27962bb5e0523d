import type { IncomingMessage } from '../messaging/message-bus';
import { causeOf, sourceOf, type Cause } from '../messaging/publisher';

/**
 * Where a stored record came from: the Kafka record it was made from (a finding,
 * a signal), and that record's own cause from its lineage headers (the reading or
 * tweet behind it). A system of record keeps this beside each record it makes, so
 * the chain back to the raw input is a lookup, not a search.
 */
export interface Lineage {
  readonly record: Cause;
  readonly source: Cause | null;
}

export function lineageOf(delivery: { readonly message: IncomingMessage }): Lineage {
  const { correlationId: _c, ...record } = causeOf(delivery.message);
  return { record, source: sourceOf(delivery.message) };
}
