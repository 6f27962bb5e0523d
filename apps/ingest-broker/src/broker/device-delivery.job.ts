import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@tsunagu/platform';
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
@Injectable()
export class DeviceDeliveryJob extends IntervalJob<{ expired: number; delivered: number; desiredSent: number }> {
  readonly name = 'device-delivery';
  readonly intervalMs: number;

  constructor(
    private readonly commands: CommandsService,
    private readonly state: StateService,
    @Inject(INGEST_OPTIONS) options: IngestBrokerOptions,
  ) {
    super();
    this.intervalMs = options.commandPollMs ?? 1000;
  }

  protected async execute() {
    const commands = await this.commands.sweep();
    return { ...commands, desiredSent: await this.state.sweep() };
  }
}
