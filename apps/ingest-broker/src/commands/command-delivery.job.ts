import { Inject, Injectable } from '@nestjs/common';
import { IntervalJob } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { CommandsService } from './commands.service';

/**
 * Every instance, every `commandPollMs`: expires the commands past their expiry
 * and delivers the queued ones whose device is connected here (queued on another
 * instance, over REST or Kafka). A command for a device connected here is also
 * sent at once, and a device's own queue when it subscribes; this poll is what
 * makes any instance's command reach any instance's device.
 */
@Injectable()
export class CommandDeliveryJob extends IntervalJob<{ expired: number; delivered: number }> {
  readonly name = 'command-delivery';
  readonly intervalMs: number;

  constructor(
    private readonly commands: CommandsService,
    @Inject(INGEST_OPTIONS) options: IngestBrokerOptions,
  ) {
    super();
    this.intervalMs = options.commandPollMs ?? 1000;
  }

  protected execute() {
    return this.commands.sweep();
  }
}
