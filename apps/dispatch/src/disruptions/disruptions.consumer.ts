import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from './dispatch.service';

/**
 * Transit disruptions as the `dispatch-disruptions` consumer group. A change
 * re-emitted after a crash of tweet analysis arrives under another offset with
 * the same `<disruption id>:<status>`: that is its message id, so the kernel
 * drops the repeat in the same transaction as the effect.
 */
export const DisruptionsConsumer = consumerOf({
  topic: TOPICS.transitDisruptions,
  group: DISPATCH.disruptionsGroup,
  service: DispatchService,
  messageId: (value) => `${value.disruptionId}:${value.status}`,
  handle: (dispatch, tx, deliveries) => dispatch.recordDisruptions(tx, deliveries),
});
