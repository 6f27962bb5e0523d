import { Injectable } from '@nestjs/common';
import { TOPICS, type DeviceCommandRequestedV1 } from '@tsunagu/contracts';
import { BatchConsumer, Publisher, createLogger, type Delivery, type Tx } from '@tsunagu/platform';
import { CommandsService } from './commands.service';

/** Instances of the ingest broker share the request topic's partitions as this group. */
export const COMMAND_REQUESTS_GROUP = 'ingest-broker.command-requests';

/**
 * Commands record systems ask for on `device.command.requested.v1`: queued like a
 * REST command (the commandId makes a repeated request one command). A request for
 * an unknown device or command, or with bad arguments, becomes a dead letter with
 * its reason; the partition moves on.
 */
@Injectable()
export class CommandRequestsConsumer extends BatchConsumer<typeof TOPICS.deviceCommandRequests> {
  readonly topic = TOPICS.deviceCommandRequests;
  readonly group = COMMAND_REQUESTS_GROUP;
  private readonly logger = createLogger('ingest.command-requests');

  constructor(
    private readonly commands: CommandsService,
    private readonly publisher: Publisher,
  ) {
    super();
  }

  async handle(tx: Tx, deliveries: ReadonlyArray<Delivery<DeviceCommandRequestedV1>>): Promise<void> {
    for (const d of deliveries) {
      const r = d.value;
      const outcome = await this.commands.requestInTx(tx, r.deviceId, { commandId: r.commandId, name: r.name, args: r.args, expiresAt: r.expiresAt }, r.requestedBy, this.topic);
      if (outcome.ok) continue;
      this.logger.warn('command request refused', { deviceId: r.deviceId, commandId: r.commandId, detail: outcome.detail });
      tx.stage(this.publisher.deadLetterOf(d.message, 'schema-violation', outcome.detail));
    }
  }
}
