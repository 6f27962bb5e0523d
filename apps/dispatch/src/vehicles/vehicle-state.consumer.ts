import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type VehicleStateV1 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from '../disruptions/dispatch.service';

/**
 * Keeps dispatch's own table of the latest vehicle positions and availability
 * (consumer group `dispatch-vehicles`, the compacted topic read from the
 * beginning). Upserts are ordered by the state's own timestamp, so a replay
 * never moves a vehicle back.
 */
@Injectable()
export class VehicleStateConsumer extends BatchConsumer<typeof TOPICS.vehicleState> {
  readonly topic = TOPICS.vehicleState;
  readonly group = DISPATCH.vehiclesGroup;
  private readonly consumed;

  constructor(
    private readonly dispatch: DispatchService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.consumed = metrics.counter('dispatch_vehicle_states_total', 'vehicle states consumed');
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<VehicleStateV1>>): Promise<void> {
    await this.dispatch.recordVehicleStates(tx, deliveries);
    this.consumed.inc(deliveries.length);
  }
}
