import type { IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer } from 'node:tls';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Aedes, AuthenticateError, Client } from 'aedes';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { MQTT_CHANNELS, TOPICS, isOwnTopicFilter, parseDeviceTopic, type DevicePresenceV1 } from '@tsunagu/contracts';
import { PLATFORM_TOKENS, createLogger, type HealthRegistry, type MessageBus, type Metrics } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { CONNACK, DevicesService, type DeviceIdentity } from '../devices/devices.service';
import { createAedes } from './aedes.loader';
import { guardPacketSize } from './packet-size.guard';
import { TelemetryRouter, mayPublish } from './telemetry-router';

/**
 * The embedded aedes broker on TCP and WebSocket. Policy comes in as aedes hooks:
 * authenticate (device registry), authorizePublish (own topics only, then
 * validation and the hand-over to Kafka, which is what delays the PUBACK),
 * authorizeSubscribe (own topics only).
 */
@Injectable()
export class MqttBrokerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('ingest.mqtt');
  private readonly audit = createLogger('audit.mqtt');
  private broker: Aedes | null = null;
  private tcp: Server | null = null;
  private tls: Server | null = null;
  private ws: WebSocketServer | null = null;
  /** the authenticated identity of each live connection */
  private readonly identities = new WeakMap<Client, DeviceIdentity>();
  /** connections whose last will was published (their disconnect reason is `will`) */
  private readonly willFired = new WeakSet<Client>();
  private readonly connections;
  private closing = false;

  constructor(
    private readonly devices: DevicesService,
    private readonly router: TelemetryRouter,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.health) private readonly health: HealthRegistry,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.connections = metrics.gauge('mqtt_connections', 'connected MQTT devices');
    this.devices.events.on('disabled', (deviceId: string) => this.disconnect(deviceId, 'disabled'));
    this.health.register('mqtt', async () =>
      this.tcp?.listening ? { ok: true, detail: `mqtt on ${this.mqttPort}, ${this.connectedCount} connected` } : { ok: false, detail: 'mqtt not listening' },
    );
    this.health.register('device-registry', async () => {
      await this.devices.ping();
      return { ok: true, detail: 'device registry reachable' };
    });
  }

  get mqttPort(): number {
    return (this.tcp?.address() as AddressInfo | null)?.port ?? 0;
  }

  get tlsPort(): number {
    return (this.tls?.address() as AddressInfo | null)?.port ?? 0;
  }

  get wsPort(): number {
    return (this.ws?.address() as AddressInfo | null)?.port ?? 0;
  }

  get connectedCount(): number {
    return this.broker?.connectedClients ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([
      TOPICS.machineTelemetry,
      TOPICS.vehicleTelemetry,
      TOPICS.tweets,
      TOPICS.prices,
      TOPICS.telemetryDeadLetter,
      TOPICS.devicePresence,
    ]);
    const broker = await createAedes({
      id: this.router.brokerId,
      concurrency: this.options.concurrency ?? 1000,
      authenticate: (client, username, password, done) => this.authenticate(client, username, password, done),
      authorizePublish: (client, packet, done) => this.authorizePublish(client, packet, done),
      authorizeSubscribe: (client, sub, done) => {
        const identity = client ? this.identities.get(client) : undefined;
        if (identity && isOwnTopicFilter(identity.deviceId, sub.topic)) return done(null, sub);
        this.refused(identity?.deviceId ?? client?.id ?? '(unknown)', 'subscribe-refused', sub.topic);
        // [MQTT-3.9.3] a null subscription is answered with the 0x80 failure return code in SUBACK
        done(null, null);
      },
    });
    this.broker = broker;
    broker.on('client', (client) => void this.onPresence(client, true, 'connect'));
    broker.on('clientDisconnect', (client) => {
      const reason: DevicePresenceV1['reason'] = this.willFired.has(client) ? 'will' : 'disconnect';
      void this.onPresence(client, false, reason);
    });
    broker.on('keepaliveTimeout', (client) => this.logger.info('keepalive timeout', { clientId: client.id }));
    broker.on('clientError', (client, err) => this.logger.debug('client error', { clientId: client.id, error: err.message }));
    broker.on('connectionError', (client, err) => this.logger.debug('connection error', { clientId: client.id, error: err.message }));

    const host = this.options.host ?? '127.0.0.1';
    const maxPacket = this.options.maxPacketBytes ?? Math.max(1024 * 1024, 2 * (this.options.maxPayloadBytes ?? 65536));
    // every transport goes through the packet-size guard before aedes buffers a packet
    const accept = (conn: Duplex, req?: IncomingMessage): void => {
      broker.handle(
        guardPacketSize(conn, maxPacket, (announced) => {
          const peer = (conn as { remoteAddress?: string }).remoteAddress ?? req?.socket.remoteAddress ?? 'unknown';
          this.audit.warn('connection dropped: packet too large', { remote: peer, announcedAtLeast: announced, limit: maxPacket });
        }),
        req,
      );
    };
    this.tcp = createServer((socket) => accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.tcp!.once('error', reject);
      this.tcp!.listen(this.options.mqttPort, host, () => resolve());
    });
    if (this.options.tls) {
      // MQTT over TLS (mqtts): TLS 1.2 minimum, the broker's certificate and key from configuration
      const tls = createTlsServer({ cert: this.options.tls.cert, key: this.options.tls.key, minVersion: 'TLSv1.2' }, (socket) => accept(socket));
      await new Promise<void>((resolve, reject) => {
        tls.once('error', reject);
        tls.listen(this.options.tls!.port, host, () => resolve());
      });
      tls.on('tlsClientError', (err) => this.logger.debug('tls handshake failed', { error: err.message }));
      this.tls = tls;
    }
    if (this.options.wsPort !== undefined) {
      // frames up to 4x the payload limit, so an oversized payload still reaches validation and its dead letter
      const ws = new WebSocketServer({ host, port: this.options.wsPort, maxPayload: (this.options.maxPayloadBytes ?? 65536) * 4 + 1024 });
      ws.on('connection', (socket, req) => accept(createWebSocketStream(socket), req));
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('listening', () => resolve());
      });
      this.ws = ws;
    }
    this.logger.info('mqtt broker listening', { host, tcp: this.mqttPort, tls: this.tls ? this.tlsPort : 'off', ws: this.ws ? this.wsPort : 'off' });
  }

  private authenticate(
    client: Client,
    username: Readonly<string> | undefined,
    password: Readonly<Buffer> | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): void {
    const remote = remoteOf(client);
    const refuse = (returnCode: number, message: string): void => {
      const err = new Error(message) as AuthenticateError;
      (err as { returnCode: number }).returnCode = returnCode;
      done(err, false);
    };
    if (this.closing) return refuse(CONNACK.serverUnavailable, 'broker shutting down');
    const limit = this.options.maxPending ?? 100_000;
    // records held for Kafka beyond the limit: refuse new sessions (CONNACK 3) rather than grow without bound
    if (this.bus.pendingRecords > limit) {
      this.logger.warn('refusing connection: too many records waiting for Kafka', { pending: this.bus.pendingRecords, limit });
      return refuse(CONNACK.serverUnavailable, 'ingest backlog full');
    }
    this.devices
      .authenticate(client.id, username, password ? Buffer.from(password) : undefined, remote)
      .then((result) => {
        if (!result.ok) return refuse(result.returnCode, result.reason);
        this.identities.set(client, result.device);
        done(null, true);
      })
      .catch((err: Error) => {
        this.logger.error('authentication failed unexpectedly', { error: err });
        refuse(CONNACK.serverUnavailable, 'authentication unavailable');
      });
  }

  private authorizePublish(client: Client | null, packet: { topic: string; payload: Buffer | string; retain?: boolean }, done: (error?: Error | null) => void): void {
    const identity = client ? this.identities.get(client) : undefined;
    const parsed = parseDeviceTopic(packet.topic);
    if (!client || !identity) return done(new Error('publish without an authenticated session'));
    if (!parsed || parsed.deviceId !== identity.deviceId || !mayPublish(identity.kind, parsed.channel)) {
      this.refused(identity.deviceId, 'publish-refused', packet.topic);
      // [MQTT-3.3.5-2] an unauthorised PUBLISH cannot be refused in 3.1.1: close the connection
      return done(new Error(`not authorized to publish on ${packet.topic}`));
    }
    // telemetry is a stream, not state: never let a device fill the retained store
    if (parsed.channel !== MQTT_CHANNELS.status) packet.retain = false;
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    this.devices.touch(identity.deviceId, Date.now());
    // aedes marks a client closed before it publishes the client's last will
    const isWill = client.closed;
    if (isWill) this.willFired.add(client);
    const work =
      parsed.channel === MQTT_CHANNELS.status
        ? this.router.routeStatus(identity, packet.topic, payload, isWill)
        : this.router.route(identity, parsed.channel, packet.topic, payload);
    work.then(
      () => done(null),
      (err: Error) => {
        // the bus refused permanently or is closing: drop the connection without PUBACK; the device resends later
        this.logger.error('could not hand a message to the bus', { deviceId: identity.deviceId, error: err.message });
        done(err);
      },
    );
  }

  private async onPresence(client: Client, online: boolean, reason: DevicePresenceV1['reason']): Promise<void> {
    const identity = this.identities.get(client);
    if (!identity) return;
    this.connections.set(this.connectedCount);
    // a takeover (same id reconnecting) disconnects the old session after the new one registered
    const current = this.clientOf(identity.deviceId);
    if (!online && current && current !== client) return;
    try {
      await this.devices.setPresence(identity.deviceId, online, reason);
      if (reason !== 'will') await this.router.presence(identity.deviceId, online, reason);
    } catch (err) {
      this.logger.warn('could not record presence', { deviceId: identity.deviceId, error: (err as Error).message });
    }
  }

  private refused(deviceId: string, event: 'publish-refused' | 'subscribe-refused', topic: string): void {
    this.audit.warn(event, { deviceId, topic });
    this.devices.record(deviceId, event, topic, null);
  }

  /** Drops a device's live connection (disabled or secret rotated). */
  disconnect(deviceId: string, reason: string): void {
    const client = this.clientOf(deviceId);
    if (!client) return;
    this.audit.info('disconnecting device', { deviceId, reason });
    client.close();
  }

  private clientOf(deviceId: string): Client | undefined {
    // aedes keeps live sessions in `clients` (not in its typings)
    return (this.broker as unknown as { clients?: Record<string, Client> } | null)?.clients?.[deviceId];
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // stop accepting, then close every session (aedes.close), then wait for the listeners to finish
    const tcpClosed = new Promise<void>((resolve) => (this.tcp ? this.tcp.close(() => resolve()) : resolve()));
    const tlsClosed = new Promise<void>((resolve) => (this.tls ? this.tls.close(() => resolve()) : resolve()));
    const wsClosed = new Promise<void>((resolve) => (this.ws ? this.ws.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.broker ? this.broker.close(() => resolve()) : resolve()));
    await Promise.all([tcpClosed, tlsClosed, wsClosed]);
  }
}

function remoteOf(client: Client): string {
  const conn = client.conn as { remoteAddress?: string; remotePort?: number };
  if (conn.remoteAddress) return `${conn.remoteAddress}:${conn.remotePort ?? ''}`;
  return client.req?.socket.remoteAddress ?? 'unknown';
}
