import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from '../disruptions/dispatch.service';

/**
 * Keeps dispatch's own table of the latest vehicle positions and availability
 * (consumer group `dispatch-vehicles`, the compacted topic read from the
 * beginning). Upserts are ordered by the state's own timestamp, so a replay
 * never moves a vehicle back.
 */
export const VehicleStateConsumer = consumerOf({
  topic: TOPICS.vehicleState,
  group: DISPATCH.vehiclesGroup,
  service: DispatchService,
  handle: (dispatch, tx, deliveries) => dispatch.recordVehicleStates(tx, deliveries),
});
