import { TOPICS } from '@tsunagu/contracts';
import { consumerOf } from '@tsunagu/platform';
import { CALL_CENTRE_CONSUMER_GROUP } from '../call-centre.constants';
import { CasesService } from './cases.service';

/**
 * Vehicle incidents → cases, as the `call-centre` consumer group. The finding id
 * is the idempotency key (stored with the case's change), so an incident
 * re-emitted after a crash attaches nothing twice.
 */
export const IncidentsConsumer = consumerOf({
  topic: TOPICS.vehicleIncidents,
  group: CALL_CENTRE_CONSUMER_GROUP,
  service: CasesService,
  handle: (cases, tx, deliveries) => cases.recordIncidents(tx, deliveries),
});
