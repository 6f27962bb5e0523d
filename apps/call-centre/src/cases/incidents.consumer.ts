import { Inject, Injectable } from '@nestjs/common';
import { TOPICS, type VehicleIncidentV1 } from '@tsunagu/contracts';
import { BatchConsumer, PLATFORM_TOKENS, type Delivery, type Metrics, type Tx } from '@tsunagu/platform';
import { CALL_CENTRE_CONSUMER_GROUP } from '../call-centre.constants';
import { CasesService } from './cases.service';

/**
 * Vehicle incidents → cases, as the `call-centre` consumer group. The finding id
 * is the idempotency key (stored with the case's change), so an incident
 * re-emitted after a crash attaches nothing twice.
 */
@Injectable()
export class IncidentsConsumer extends BatchConsumer<typeof TOPICS.vehicleIncidents> {
  readonly topic = TOPICS.vehicleIncidents;
  readonly group = CALL_CENTRE_CONSUMER_GROUP;
  private readonly consumed;

  constructor(
    private readonly cases: CasesService,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    super();
    this.consumed = metrics.counter('call_centre_incidents_total', 'vehicle incidents consumed, by outcome', ['outcome']);
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<VehicleIncidentV1>>): Promise<void> {
    const outcome = await this.cases.recordIncidents(tx, deliveries);
    this.consumed.inc({ outcome: 'opened' }, outcome.opened);
    this.consumed.inc({ outcome: 'attached' }, outcome.attached);
    this.consumed.inc({ outcome: 'duplicate' }, outcome.duplicates);
  }
}
