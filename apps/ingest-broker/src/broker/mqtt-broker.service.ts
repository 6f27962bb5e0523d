/* eslint-disable max-lines -- the aedes wiring in one place: listeners (TCP, TLS, WebSocket) and every hook (preConnect, authenticate, authorizePublish/Subscribe, client events) hand over to their own files (connect-steps, ingest-router, presence, channels); what stays is the order in which they are bound */
import type { IncomingMessage } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Aedes, AuthenticateError, Client, PublishPacket } from 'aedes';
import mqttPacket from 'mqtt-packet';
import { WebSocketServer, createWebSocketStream } from 'ws';
import { MQTT_CHANNELS, TOPICS, deviceTopic, isOwnTopicFilter, parseDeviceTopic, type DevicePresenceV1, type MqttChannel } from '@tsunagu/contracts';
import { PLATFORM_TOKENS, createLogger, type HealthRegistry, type MessageBus, type Metrics } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { DeviceRevocations } from '../devices/device-revocations';
import { CONNACK, DevicesService, type DeviceIdentity } from '../devices/devices.service';
import { createAedes } from './aedes.loader';
import { DeviceChannels } from './device-channels';
import { connectSteps, preConnectSteps, runSteps, type ConnectAttempt, type ConnectStepDeps, type PeerCertificate } from './connect-steps';
import { IngestRouter, mayPublish } from './ingest-router';
import { DeviceRateLimiter } from './device-rate.limiter';
import { guardPacketSize } from './packet-size.guard';
import { acceptProxied } from './proxy-protocol';
import { PresenceTracker } from './presence.tracker';

/**
 * Connections the kernel queues before the broker accepts them (it caps this at
 * net.core.somaxconn). Node's default, 511, drops the SYNs of a fleet reconnecting
 * after a restart, and each dropped one waits a 1 s, then 3 s retransmit.
 */
export const MQTT_LISTEN_BACKLOG = 4096;

/** The channels the platform sends on (a device subscribes to them). */
const PLATFORM_TO_DEVICE: readonly MqttChannel[] = [MQTT_CHANNELS.commands, MQTT_CHANNELS.stateDesired];

/**
 * The embedded aedes broker on TCP, TLS and WebSocket. Policy comes in as aedes
 * hooks, one concern each: `preConnect` (blocked addresses), `authenticate` (the
 * CONNECT steps of connect-steps.ts), `authorizePublish` (own topics only, then the
 * router), `authorizeSubscribe` (own topics only).
 */
@Injectable()
export class MqttBrokerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = createLogger('ingest.mqtt');
  private readonly audit = createLogger('audit.mqtt');
  private broker: Aedes | null = null;
  private tcp: Server | null = null;
  private tls: Server | null = null;
  private ws: WebSocketServer | null = null;
  /** the HTTPS server under a wss listener */
  private wsHttps: HttpsServer | null = null;
  /** the authenticated identity of each live connection */
  private readonly identities = new WeakMap<Client, DeviceIdentity>();
  /** the client's own `address:port` of a connection a trusted proxy forwarded (PROXY protocol) */
  private readonly proxiedRemote = new WeakMap<Duplex, string>();
  /** connections whose last will was published (their disconnect reason is `will`) */
  private readonly willFired = new WeakSet<Client>();
  private readonly connections;
  private readonly rateLimited;
  private readonly limits: DeviceRateLimiter;
  private closing = false;
  private readonly steps: { pre: ReturnType<typeof preConnectSteps>; connect: ReturnType<typeof connectSteps> };

  constructor(
    private readonly devices: DevicesService,
    private readonly router: IngestRouter,
    private readonly presence: PresenceTracker,
    revocations: DeviceRevocations,
    private readonly channels: DeviceChannels,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
    @Inject(PLATFORM_TOKENS.bus) private readonly bus: MessageBus,
    @Inject(PLATFORM_TOKENS.health) health: HealthRegistry,
    @Inject(PLATFORM_TOKENS.metrics) metrics: Metrics,
  ) {
    this.connections = metrics.gauge('mqtt_connections', 'connected MQTT devices');
    this.rateLimited = metrics.counter('mqtt_rate_limited_total', 'sessions closed or CONNECTs refused by a per-device limit', ['limit']);
    // off unless configured: the environment (every real process) turns them on by default; tests and benchmarks drive devices flat out
    const limits = options.deviceLimits ?? { publishRate: 0, publishBurst: 0, connectsPerMinute: 0 };
    this.limits = new DeviceRateLimiter(limits.publishRate, limits.publishBurst, limits.connectsPerMinute);
    revocations.onRevoked((deviceId, reason) => this.disconnect(deviceId, reason));
    channels.attach((deviceId, channel, payload) => this.sendToDevice(deviceId, channel, payload));
    const deps: ConnectStepDeps = {
      devices,
      isClosing: () => this.closing,
      pendingRecords: () => this.bus.pendingRecords,
      maxPending: options.maxPending ?? 100_000,
      allowConnect: (deviceId) => {
        if (this.limits.allowConnect(deviceId, Date.now())) return true;
        this.rateLimited.inc({ limit: 'connect' });
        this.audit.warn('rate-limited', { deviceId, limit: 'connect' });
        devices.record(deviceId, 'rate-limited', 'connects per minute', null);
        return false;
      },
    };
    this.steps = { pre: preConnectSteps(deps), connect: connectSteps(deps) };
    health.register('mqtt', async () =>
      this.tcp?.listening || this.tls?.listening
        ? { ok: true, detail: `mqtt on ${[this.tcp && `tcp ${this.mqttPort}`, this.tls && `tls ${this.tlsPort}`].filter(Boolean).join(', ')}, ${this.connectedCount} connected` }
        : { ok: false, detail: 'mqtt not listening' },
    );
  }

  get mqttPort(): number {
    return (this.tcp?.address() as AddressInfo | null)?.port ?? 0;
  }

  get tlsPort(): number {
    return (this.tls?.address() as AddressInfo | null)?.port ?? 0;
  }

  get wsPort(): number {
    return ((this.wsHttps ?? this.ws)?.address() as AddressInfo | null)?.port ?? 0;
  }

  get connectedCount(): number {
    return this.broker?.connectedClients ?? 0;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.bus.ensureTopics([TOPICS.machineTelemetry, TOPICS.vehicleTelemetry, TOPICS.tweets, TOPICS.prices, TOPICS.telemetryDeadLetter, TOPICS.devicePresence]);
    const broker = await createAedes({
      id: this.router.brokerId,
      concurrency: this.options.concurrency ?? 1000,
      preConnect: (client, _packet, done) => void this.preConnect(client, done),
      authenticate: (client, username, password, done) => void this.authenticate(client, username, password, done),
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
    broker.on('client', (client) => {
      const identity = this.identities.get(client);
      // a disable or rotation between the credential check and the session's registration found no session to drop: drop it now
      if (identity && !this.devices.isCurrent(identity)) {
        this.audit.info('disconnecting device', { deviceId: identity.deviceId, reason: 'revoked during connect' });
        client.close();
        return;
      }
      if (identity) {
        // a new session (a takeover too) listens on nothing until it subscribes
        this.channels.gone(identity.deviceId);
        this.presence.connected(client, identity);
        // [MQTT-3.1.2-4] a resumed session keeps its subscriptions without a SUBSCRIBE: its channels are ready now
        if (!client.clean) void this.restoredChannels(client, identity.deviceId);
      }
      this.connections.set(this.connectedCount);
    });
    broker.on('subscribe', (subscriptions, client) => {
      const identity = client ? this.identities.get(client) : undefined;
      if (!identity || this.presence.sessionOf(identity.deviceId) !== client) return;
      this.channels.subscribed(
        identity.deviceId,
        // refused filters come back with the failure code 0x80 [MQTT-3.9.3]
        subscriptions.filter((s) => (s.qos as number) !== 128).map((s) => s.topic),
        PLATFORM_TO_DEVICE,
      );
    });
    broker.on('clientDisconnect', (client) => {
      const identity = this.identities.get(client);
      const reason: DevicePresenceV1['reason'] = this.willFired.has(client) ? 'will' : 'disconnect';
      if (identity && this.presence.sessionOf(identity.deviceId) === client) this.channels.gone(identity.deviceId);
      if (identity) this.presence.disconnected(client, identity, reason);
      this.connections.set(this.connectedCount);
    });
    broker.on('keepaliveTimeout', (client) => this.logger.info('keepalive timeout', { clientId: client.id }));
    broker.on('clientError', (client, err) => this.logger.debug('client error', { clientId: client.id, error: err.message }));
    broker.on('connectionError', (client, err) => this.logger.debug('connection error', { clientId: client.id, error: err.message }));
    await this.presence.endStaleSessions().catch((err: Error) => this.logger.warn('could not end the sessions of the previous run', { error: err.message }));
    await this.listen(broker);
  }

  /** Listeners: every transport goes through the packet-size guard before aedes buffers a packet. */
  private async listen(broker: Aedes): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const maxPacket = this.options.maxPacketBytes ?? Math.max(1024 * 1024, 2 * (this.options.maxPayloadBytes ?? 65536));
    const accept = (conn: Duplex, req?: IncomingMessage, client?: { address: string; port: number } | null): void => {
      const guarded = guardPacketSize(conn, maxPacket, (announced) => {
        const peer = client?.address ?? (conn as { remoteAddress?: string }).remoteAddress ?? req?.socket.remoteAddress ?? 'unknown';
        this.audit.warn('connection dropped: packet too large', { remote: peer, announcedAtLeast: announced, limit: maxPacket });
      });
      if (client) this.proxiedRemote.set(guarded, `${client.address}:${client.port}`);
      broker.handle(guarded, req);
    };
    // behind a TCP load balancer that speaks the PROXY protocol: the client's own address, so the per-address limiter sees clients, not the balancer
    const trusted = new Set(this.options.trustedProxies ?? []);
    const viaProxy = (socket: Socket, next: (socket: Socket, client: { address: string; port: number } | null) => void): void =>
      acceptProxied(socket, trusted, next, (from) => this.audit.warn('connection dropped: no valid PROXY header from a trusted proxy', { remote: from }));
    if (this.options.plaintext !== false) {
      this.tcp = createServer((socket) => viaProxy(socket, (s, client) => accept(s, undefined, client)));
      await listening(this.tcp, this.options.mqttPort, host);
    }
    if (this.options.tls) {
      // MQTT over TLS (mqtts): TLS 1.2 minimum, the broker's certificate and key from configuration
      // with a device CA, the handshake asks for a client certificate; whether it is trusted is judged at CONNECT (a device may still use its password)
      const clientCa = this.options.tls.clientCa;
      const forwarded = new WeakMap<Socket, { address: string; port: number }>();
      const tls = createTlsServer(
        { cert: this.options.tls.cert, key: this.options.tls.key, minVersion: 'TLSv1.2', ...(clientCa ? { requestCert: true, rejectUnauthorized: false, ca: clientCa } : {}) },
        // the TLS socket wraps the TCP socket the PROXY line was read from (`_parent`, how node:tls keeps it)
        (socket) => accept(socket, undefined, forwarded.get((socket as unknown as { _parent?: Socket })._parent as Socket)),
      );
      tls.on('tlsClientError', (err) => this.logger.debug('tls handshake failed', { error: err.message }));
      if (trusted.size > 0) {
        // the PROXY line comes before the TLS handshake: a TCP listener reads it, then hands the socket to the TLS server
        this.tls = createServer((socket) =>
          viaProxy(socket, (s, client) => {
            if (client) forwarded.set(s, client);
            tls.emit('connection', s);
          }),
        );
      } else {
        this.tls = tls;
      }
      await listening(this.tls, this.options.tls.port, host);
    }
    if (this.options.wsPort !== undefined) await this.listenWebSocket(host, this.options.wsPort, accept);
    this.logger.info('mqtt broker listening', {
      host,
      tcp: this.tcp ? this.mqttPort : 'off',
      tls: this.tls ? this.tlsPort : 'off',
      ws: this.ws ? `${this.wsHttps ? 'wss' : 'ws'} ${this.wsPort}` : 'off',
    });
  }

  /**
   * MQTT over WebSocket: wss on an HTTPS server with the broker's certificate when
   * TLS is configured; a browser's `Origin` must be on the allowed list when one is
   * set (a page on another site cannot open a device session in a user's browser).
   */
  private async listenWebSocket(host: string, port: number, accept: (conn: Duplex, req?: IncomingMessage) => void): Promise<void> {
    const allowed = this.options.wsAllowedOrigins;
    const verifyClient = (info: { origin: string; req: IncomingMessage }): boolean => {
      if (!allowed || allowed.includes(info.origin)) return true;
      this.audit.warn('websocket refused: origin not allowed', { origin: info.origin.slice(0, 200), remote: info.req.socket.remoteAddress });
      return false;
    };
    // frames up to 4x the payload limit, so an oversized payload still reaches validation and its dead letter
    const maxPayload = (this.options.maxPayloadBytes ?? 65536) * 4 + 1024;
    let ws: WebSocketServer;
    if (this.options.tls) {
      const https = createHttpsServer({ cert: this.options.tls.cert, key: this.options.tls.key, minVersion: 'TLSv1.2' });
      ws = new WebSocketServer({ server: https, maxPayload, verifyClient });
      await listening(https, port, host);
      this.wsHttps = https;
    } else {
      ws = new WebSocketServer({ host, port, maxPayload, verifyClient });
      await new Promise<void>((resolve, reject) => {
        ws.once('error', reject);
        ws.once('listening', () => resolve());
      });
    }
    ws.on('connection', (socket, req) => accept(createWebSocketStream(socket), req));
    this.ws = ws;
  }

  /** A blocked address gets CONNACK 5 and the connection ends: no credentials are read, nothing is hashed. */
  private async preConnect(client: Client, done: (error: Error | null, success: boolean) => void): Promise<void> {
    const verdict = await runSteps(this.steps.pre, { client, username: undefined, password: undefined, remote: this.remoteOf(client) });
    if (verdict.ok) return done(null, true);
    client.conn.write(mqttPacket.generate({ cmd: 'connack', returnCode: verdict.returnCode, sessionPresent: false }), () => done(new Error(verdict.reason), false));
  }

  private async authenticate(
    client: Client,
    username: Readonly<string> | undefined,
    password: Readonly<Buffer> | undefined,
    done: (error: AuthenticateError | null, success: boolean | null) => void,
  ): Promise<void> {
    const attempt: ConnectAttempt = {
      client,
      username,
      password: password ? Buffer.from(password) : undefined,
      remote: this.remoteOf(client),
      certificate: this.certificateOf(client),
    };
    try {
      const verdict = await runSteps(this.steps.connect, attempt);
      if (verdict.ok && verdict.device) {
        this.identities.set(client, verdict.device);
        return done(null, true);
      }
      const refusal = verdict.ok ? { returnCode: CONNACK.serverUnavailable, reason: 'no identity' } : verdict;
      if (refusal.returnCode === CONNACK.serverUnavailable) this.logger.warn('connection refused', { step: verdict.step, reason: refusal.reason });
      else if (verdict.step !== 'credentials-valid') {
        // the credential step audits its own refusals; the others are recorded here
        this.audit.warn('connect refused', { deviceId: client.id, step: verdict.step, reason: refusal.reason, remote: attempt.remote });
        this.devices.record(client.id, 'connect-refused', `${verdict.step}: ${refusal.reason}`, null);
      }
      done(Object.assign(new Error(refusal.reason), { returnCode: refusal.returnCode }) as AuthenticateError, false);
    } catch (err) {
      this.logger.error('authentication failed unexpectedly', { error: err as Error });
      done(Object.assign(new Error('authentication unavailable'), { returnCode: CONNACK.serverUnavailable }) as AuthenticateError, false);
    }
  }

  /** `address:port` of the device: from the PROXY line of a trusted proxy, else the peer of the connection. */
  private remoteOf(client: Client): string {
    const proxied = this.proxiedRemote.get(client.conn as unknown as Duplex);
    if (proxied) return proxied;
    const conn = client.conn as { remoteAddress?: string; remotePort?: number };
    if (conn.remoteAddress) return `${conn.remoteAddress}:${conn.remotePort ?? ''}`;
    return client.req?.socket.remoteAddress ?? 'unknown';
  }

  /** The client certificate of a TLS connection, when the listener asked for one and the device sent one. */
  private certificateOf(client: Client): PeerCertificate | undefined {
    // a connection of the TLS listener is the TLS socket itself (the packet-size guard does not wrap it)
    const conn = client.conn as unknown as Partial<TLSSocket>;
    const socket = this.options.tls?.clientCa && conn.encrypted ? (conn as TLSSocket) : undefined;
    const cert = socket?.getPeerCertificate();
    if (!socket || !cert || Object.keys(cert).length === 0) return undefined;
    // authorized: the chain ends at the device CA and the certificate is valid now
    return { trusted: socket.authorized, cn: typeof cert.subject?.CN === 'string' ? cert.subject.CN : undefined };
  }

  /**
   * Authorises, then hands the message to the router. aedes 1.x writes a QoS 1
   * PUBACK right after this hook, so the hand-off must complete here for the
   * PUBACK to mean "in Kafka".
   */
  private authorizePublish(client: Client | null, packet: PublishPacket, done: (error?: Error | null) => void): void {
    const identity = client ? this.identities.get(client) : undefined;
    if (!client || !identity) return done(new Error('publish without an authenticated session'));
    const parsed = parseDeviceTopic(packet.topic);
    if (!parsed || parsed.deviceId !== identity.deviceId || !mayPublish(identity.kind, parsed.channel)) {
      this.refused(identity.deviceId, 'publish-refused', packet.topic);
      // [MQTT-3.3.5-2] an unauthorised PUBLISH cannot be refused in 3.1.1: close the connection
      return done(new Error(`not authorized to publish on ${packet.topic}`));
    }
    if (!this.limits.takePublish(identity.deviceId, Date.now())) {
      this.rateLimited.inc({ limit: 'publish' });
      this.audit.warn('rate-limited', { deviceId: identity.deviceId, limit: 'publish', topic: packet.topic });
      this.devices.record(identity.deviceId, 'rate-limited', `publish rate on ${packet.topic}`, null);
      // no PUBACK: the session closes and the device resends after it reconnects (nothing is lost, the flood stops)
      return done(new Error('publish rate exceeded'));
    }
    // devices' messages are streams, not state: nothing is retained (no one but the device reads its topics)
    packet.retain = false;
    this.devices.touch(identity.deviceId, Date.now());
    // aedes marks a client closed before it publishes the client's last will
    const isWill = client.closed;
    if (isWill) this.willFired.add(client);
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const route = () => this.router.route({ device: identity, topic: { ...parsed, name: packet.topic }, payload, isWill });
    // only a QoS 2 PUBLISH can be a resend aedes already holds: QoS 0 and 1 go straight to the router (no extra lookup per message)
    const handedOff = packet.qos === 2 ? this.isResentQos2(client, packet).then((resent) => (resent ? 'accepted' : route())) : route();
    void handedOff.then(
      () => done(null),
      (err: Error) => {
        // the bus refused permanently or is closing: drop the connection without PUBACK; the device resends later
        this.logger.error('could not hand a message to the bus', { deviceId: identity.deviceId, error: err.message });
        done(err);
      },
    );
  }

  /** [MQTT-4.3.3-2] a QoS 2 PUBLISH resent before PUBREL is the same message: aedes answers PUBREC again, the router must not see it twice. */
  private async isResentQos2(client: Client, packet: PublishPacket): Promise<boolean> {
    if (!this.broker) return false;
    // aedes' persistence is not in its typings
    const persistence = (this.broker as unknown as { persistence: { incomingGetPacket(c: Client, p: PublishPacket): Promise<unknown> } }).persistence;
    return persistence.incomingGetPacket(client, packet).then(
      () => true,
      () => false,
    );
  }

  private refused(deviceId: string, event: 'publish-refused' | 'subscribe-refused', topic: string): void {
    this.audit.warn(event, { deviceId, topic });
    this.devices.record(deviceId, event, topic, null);
  }

  private async restoredChannels(client: Client, deviceId: string): Promise<void> {
    // aedes' persistence is not in its typings
    const persistence = (this.broker as unknown as { persistence: { subscriptionsByClient(c: { id: string }): Promise<Array<{ topic: string }>> } }).persistence;
    try {
      const subs = await persistence.subscriptionsByClient({ id: client.id });
      if (this.presence.sessionOf(deviceId) === client) this.channels.subscribed(deviceId, subs.map((s) => s.topic), PLATFORM_TO_DEVICE);
    } catch (err) {
      this.logger.warn('could not read a resumed session’s subscriptions', { deviceId, error: (err as Error).message });
    }
  }

  /**
   * Publishes to a device's own platform → device topic at QoS 1 (the device's
   * subscription QoS caps it, [MQTT-3.8.4-6]); resolves once aedes has handed it
   * to the session.
   */
  private sendToDevice(deviceId: string, channel: MqttChannel, payload: Buffer): Promise<void> {
    const broker = this.broker;
    if (!broker || !this.presence.sessionOf(deviceId)) return Promise.reject(new Error(`device ${deviceId} has no session here`));
    return new Promise((resolve, reject) =>
      broker.publish({ cmd: 'publish', topic: deviceTopic(deviceId, channel), payload, qos: 1, retain: false, dup: false }, (err) => (err ? reject(err) : resolve())),
    );
  }

  /** Drops a device's live connection (disabled or secret rotated). */
  disconnect(deviceId: string, reason: string): void {
    const client = this.presence.sessionOf(deviceId);
    if (!client) return;
    this.audit.info('disconnecting device', { deviceId, reason });
    client.close();
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    // stop accepting, then close every session (aedes.close), then wait for the listeners and presence writes to finish
    const closed = (s: { close(cb: () => void): unknown } | null) => new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    const listeners = Promise.all([closed(this.tcp), closed(this.tls), closed(this.ws), closed(this.wsHttps)]);
    await closed(this.broker);
    await listeners;
    await this.presence.settled();
  }
}

function listening(server: Server | HttpsServer, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host, backlog: MQTT_LISTEN_BACKLOG }, () => resolve());
  });
}


