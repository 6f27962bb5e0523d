import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOPICS, vehicleStateV1Schema } from '@tsunagu/contracts';
import { createLogger, Metrics, PLATFORM_TOKENS, subscribeValidated, type MessageBus, type Subscription } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from '../disruptions/dispatch.service';

/**
 * Keeps dispatch's own table of the latest vehicle positions and availability
 * (consumer group `dispatch-vehicles`, the compacted topic read from the
 * beginning). Upserts are ordered by the state's own timestamp, so a replay
 * never moves a vehicle back.
 */
@Injectable()
export class VehicleStateConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('dispatch.vehicles');
  private subscription: Subscription | null = null;
  private readonly consumed;

  constructor(
    private readonly dispatch: DispatchService,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.consumed = metrics.counter('dispatch_vehicle_states_total', 'vehicle states consumed');
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.vehicleState], { compacted: true });
    this.subscription = await subscribeValidated({
      bus: this.bus,
      groupId: DISPATCH.vehiclesGroup,
      topic: TOPICS.vehicleState,
      schema: vehicleStateV1Schema,
      service: DISPATCH.serviceName,
      logger: this.logger,
      handle: async (items) => {
        await this.dispatch.recordVehicleStates(items.map((i) => i.value));
        this.consumed.inc(items.length);
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.subscription?.stop();
    this.subscription = null;
  }
}
