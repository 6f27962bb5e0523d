import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type TransitDisruptionV1 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { DISPATCH } from '../dispatch.constants';
import { DispatchService } from './dispatch.service';

/**
 * Transit disruptions as the `dispatch-disruptions` consumer group. A change
 * re-emitted after a crash of tweet analysis arrives under another offset with
 * the same `<disruption id>:<status>`: that is its message id, so the kernel
 * drops the repeat in the same transaction as the effect.
 */
@Injectable()
export class DisruptionsConsumer extends BatchConsumer<typeof TOPICS.transitDisruptions> {
  readonly topic = TOPICS.transitDisruptions;
  readonly group = DISPATCH.disruptionsGroup;
  private readonly consumed;

  constructor(
    private readonly dispatch: DispatchService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.consumed = metrics.counter('dispatch_disruptions_total', 'disruption events applied, by status', ['outcome']);
  }

  override messageId(value: TransitDisruptionV1): string {
    return `${value.disruptionId}:${value.status}`;
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<TransitDisruptionV1>>): Promise<void> {
    const outcome = await this.dispatch.recordDisruptions(tx, deliveries);
    this.consumed.inc({ outcome: 'started' }, outcome.started);
    this.consumed.inc({ outcome: 'ended' }, outcome.ended);
  }
}
