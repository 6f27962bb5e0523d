import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  MQTT_CHANNELS,
  checkCommand,
  type CommandState,
  type DeviceCommandAckV1,
  type DeviceCommandMessageV1,
} from '@tsunagu/contracts';
import { PLATFORM_TOKENS, createLogger, type Clock, type Tx } from '@tsunagu/platform';
import { BROKER_ID } from '../broker/broker-id';
import { DeviceChannels } from '../broker/device-channels';
import { DeviceRegistryException, DEVICE_REGISTRY_ERROR } from '../devices/device-registry.exception';
import { DevicesService } from '../devices/devices.service';
import { CommandsRepository } from './commands.repository';
import type { DeviceCommandRow } from './commands.tables';

/** A command as a caller asks for it (REST body or Kafka request). */
export interface CommandRequest {
  readonly commandId?: string;
  readonly name: string;
  readonly args?: Record<string, unknown>;
  /** epoch ms; wins over ttlMs */
  readonly expiresAt?: number;
  /** ms from now */
  readonly ttlMs?: number;
}

/** How long a command waits for its device when the caller says nothing. */
export const DEFAULT_COMMAND_TTL_MS = 3_600_000;

export type CommandOutcome = { readonly ok: true; readonly command: DeviceCommandRow; readonly created: boolean } | { readonly ok: false; readonly detail: string };

/**
 * Commands to devices: validated against the device kind's catalogue, queued in
 * PostgreSQL, delivered over MQTT (QoS 1) by whichever instance holds the
 * device's session, answered by the device on `…/commands/ack`. Every step is in
 * the device's audit trail.
 */
@Injectable()
export class CommandsService {
  private readonly logger = createLogger('ingest.commands');

  constructor(
    private readonly repository: CommandsRepository,
    private readonly devices: DevicesService,
    private readonly channels: DeviceChannels,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
    @Inject(BROKER_ID) private readonly brokerId: string,
  ) {
    channels.onReady((deviceId, channel) => {
      if (channel === MQTT_CHANNELS.commands) void this.deliverTo([deviceId]).catch((err: Error) => this.logger.warn('could not deliver commands on subscribe', { deviceId, error: err.message }));
    });
  }

  /** Queues a command (REST); throws the registry's coded errors. Idempotent on commandId. */
  async request(deviceId: string, input: CommandRequest, actor: string): Promise<{ command: DeviceCommandRow; created: boolean }> {
    await this.devices.get(deviceId);
    const outcome = await this.queue(deviceId, input, actor, 'rest');
    if (!outcome.ok) throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.commandInvalid, outcome.detail);
    if (outcome.created) this.kick(deviceId);
    return outcome;
  }

  /** Queues a command a record system asked for on Kafka, in the consumer's transaction. */
  async requestInTx(tx: Tx, deviceId: string, input: CommandRequest, actor: string, source: string): Promise<CommandOutcome> {
    const outcome = await this.queue(deviceId, input, actor, source, tx);
    if (outcome.ok && outcome.created) tx.afterCommit(() => this.kick(deviceId));
    return outcome;
  }

  private async queue(deviceId: string, input: CommandRequest, actor: string, source: string, tx?: Tx): Promise<CommandOutcome> {
    const device = await this.devices.find(deviceId);
    if (!device) return { ok: false, detail: `deviceId: device ${deviceId} not found` };
    const checked = checkCommand(device.kind, input.name, input.args);
    if (!checked.ok) return checked;
    const now = this.clock.now();
    const expiresAt = input.expiresAt ?? now + (input.ttlMs ?? DEFAULT_COMMAND_TTL_MS);
    if (expiresAt <= now) return { ok: false, detail: `expiresAt: ${new Date(expiresAt).toISOString()} is not in the future` };
    const commandId = input.commandId ?? randomUUID();
    const row = { commandId, deviceId, name: input.name, args: checked.args, requestedBy: actor, source, queuedAt: new Date(now), expiresAt: new Date(expiresAt) };
    const inserted = await this.repository.insert(row, tx);
    if (inserted) {
      this.devices.record(deviceId, 'command-queued', `${commandId} ${input.name}`, actor);
      return { ok: true, command: inserted, created: true };
    }
    // the same id again: the same command (a retried request) or a clash
    const existing = await this.repository.find(commandId);
    if (existing && existing.deviceId === deviceId && existing.name === input.name) return { ok: true, command: existing, created: false };
    if (tx) return { ok: false, detail: `commandId: ${commandId} is taken by another command` };
    throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.commandIdTaken, `command ${commandId} already exists for another device or command`);
  }

  async list(deviceId: string, state: CommandState | undefined, limit: number): Promise<DeviceCommandRow[]> {
    await this.devices.get(deviceId);
    return this.repository.listFor(deviceId, state, limit);
  }

  listRecent(state: CommandState | undefined, limit: number): Promise<DeviceCommandRow[]> {
    return this.repository.listRecent(state, limit);
  }

  async get(deviceId: string, commandId: string): Promise<DeviceCommandRow> {
    const command = await this.repository.find(commandId);
    if (!command || command.deviceId !== deviceId) {
      throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.commandNotFound, `command ${commandId} of device ${deviceId} not found`);
    }
    return command;
  }

  /** Sends the queued commands of devices listening here, oldest first; a send that fails puts the command back in the queue. */
  async deliverTo(deviceIds: readonly string[]): Promise<number> {
    const claimed = await this.repository.claimQueued(deviceIds, new Date(this.clock.now()), this.brokerId);
    let sent = 0;
    for (const c of claimed) {
      const message: DeviceCommandMessageV1 = { commandId: c.commandId, name: c.name, args: c.args, issuedAt: c.queuedAt.getTime(), expiresAt: c.expiresAt.getTime() };
      try {
        await this.channels.send(c.deviceId, MQTT_CHANNELS.commands, Buffer.from(JSON.stringify(message)));
        this.devices.record(c.deviceId, 'command-delivered', `${c.commandId} ${c.name} by ${this.brokerId}`, null);
        sent += 1;
      } catch (err) {
        this.logger.info('command not sent; queued again', { deviceId: c.deviceId, commandId: c.commandId, error: (err as Error).message });
        await this.repository.unclaim(c.commandId);
      }
    }
    return sent;
  }

  /** The poll of every instance: expire what is due, deliver what waits for devices connected here. */
  async sweep(): Promise<{ expired: number; delivered: number }> {
    const expired = await this.repository.expireDue(new Date(this.clock.now()));
    for (const c of expired) this.devices.record(c.deviceId, 'command-expired', `${c.commandId} ${c.name} (was ${c.deliveredAt ? 'delivered' : 'queued'})`, null);
    const delivered = await this.deliverTo(this.channels.readyOn(MQTT_CHANNELS.commands));
    return { expired: expired.length, delivered };
  }

  async acknowledge(deviceId: string, ack: DeviceCommandAckV1): Promise<void> {
    const done = await this.repository.complete(deviceId, ack, new Date(this.clock.now()));
    if (!done) {
      // not this device's, unknown, expired or answered already: nothing changes
      this.logger.info('command ack ignored', { deviceId, commandId: ack.commandId, status: ack.status });
      this.devices.record(deviceId, 'command-ack-ignored', `${ack.commandId} ${ack.status}`, null);
      return;
    }
    this.devices.record(deviceId, `command-${ack.status}`, `${ack.commandId} ${done.name}${ack.error ? `: ${ack.error}` : ''}`, null);
  }

  private kick(deviceId: string): void {
    if (!this.channels.isReady(deviceId, MQTT_CHANNELS.commands)) return; // another instance (or the next connect) delivers
    void this.deliverTo([deviceId]).catch((err: Error) => this.logger.warn('could not deliver a new command', { deviceId, error: err.message }));
  }
}
