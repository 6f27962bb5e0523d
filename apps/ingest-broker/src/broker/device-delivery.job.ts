import { jobOf } from '@tsunagu/platform';
import { CommandsService } from '../commands/commands.service';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { StateService } from '../state/state.service';

/**
 * Every instance, every `commandPollMs`: expires the commands past their expiry,
 * delivers the queued commands and the unsent desired-state versions of the
 * devices connected here (queued or changed on another instance, over REST or
 * Kafka). What is queued for a device connected here is also sent at once, and a
 * device's backlog when it subscribes; this poll is what makes any instance's
 * change reach any instance's device.
 */
export const DeviceDeliveryJob = jobOf({
  name: 'device-delivery',
  services: [CommandsService, StateService],
  options: INGEST_OPTIONS,
  intervalMs: (options: IngestBrokerOptions) => options.commandPollMs ?? 1000,
  run: async (_job, commands, state) => ({ ...(await commands.sweep()), desiredSent: await state.sweep() }),
});
