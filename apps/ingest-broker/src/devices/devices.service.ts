import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DEVICE_ID_PATTERN, deviceTopic } from '@tsunagu/contracts';
import { createLogger, isRetriable } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import type { DeviceEntity, DeviceKind } from './device.entity';
import { AuthFailureLimiter, hostOf } from './auth-failure.limiter';
import { DeviceRegistryException, DeviceRegistryExceptionCode } from './device-registry.exception';
import { fingerprint, generateSecret, hashSecret, verifySecret } from './device-secret';
import { DevicesRepository } from './devices.repository';

/** What the broker keeps about an authenticated connection. */
export interface DeviceIdentity {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly model: string;
}

/** CONNACK return codes of MQTT 3.1.1 §3.2.2.3. */
export const CONNACK = {
  identifierRejected: 2,
  serverUnavailable: 3,
  badUsernameOrPassword: 4,
  notAuthorized: 5,
} as const;

export type ConnackCode = (typeof CONNACK)[keyof typeof CONNACK];

export type AuthResult =
  | { readonly ok: true; readonly device: DeviceIdentity }
  | { readonly ok: false; readonly returnCode: ConnackCode; readonly reason: string };

export interface ProvisionedDevice extends DeviceIdentity {
  /** shown once; only its salted hash is stored */
  readonly password: string;
  readonly username: string;
  readonly clientId: string;
  readonly site: string | null;
  readonly topics: { readonly publish: readonly string[]; readonly subscribe: readonly string[]; readonly will: string };
}

const KIND_PREFIX: Record<DeviceKind, string> = { machine: 'mch', vehicle: 'veh', 'tweet-source': 'tws' };

interface CachedCredential {
  readonly fingerprint: string;
  readonly device: DeviceIdentity;
  readonly until: number;
}

/**
 * The device registry: provisioning, credentials, enable/disable, presence and the
 * audit trail. Emits `disabled` (deviceId) so the broker can drop a live connection.
 */
@Injectable()
export class DevicesService implements OnModuleDestroy {
  readonly events = new EventEmitter();
  private readonly logger = createLogger('ingest.devices');
  private readonly audit = createLogger('audit.devices');
  private readonly credentialCache = new Map<string, CachedCredential>();
  private readonly pepper = randomBytes(32);
  private readonly dummyHash = hashSecret(generateSecret());
  private readonly pendingEvents: Array<{ deviceId: string; event: string; detail: string | null; actor: string | null; at: Date }> = [];
  private readonly lastSeen = new Map<string, number>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly limiter: AuthFailureLimiter;

  constructor(
    private readonly repository: DevicesRepository,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
  ) {
    this.limiter = new AuthFailureLimiter(options.authMaxFailuresPerMinute ?? 20, 60_000, options.authBlockMs ?? 60_000);
    this.flushTimer = setInterval(() => void this.flush(), 1000);
    this.flushTimer.unref();
  }

  async provision(input: { deviceId?: string; kind: DeviceKind; model: string; site?: string }, actor: string): Promise<ProvisionedDevice> {
    const deviceId = input.deviceId ?? `${KIND_PREFIX[input.kind]}-${randomBytes(6).toString('hex')}`;
    if (!DEVICE_ID_PATTERN.test(deviceId)) throw new RangeError(`invalid device id ${deviceId}`);
    const password = generateSecret();
    const inserted = await this.repository.insert({
      deviceId,
      kind: input.kind,
      model: input.model,
      site: input.site ?? null,
      secretHash: await hashSecret(password),
    });
    if (!inserted) throw new DeviceRegistryException(DeviceRegistryExceptionCode.DEVICE_ID_TAKEN, `device ${deviceId} already exists`);
    this.record(deviceId, 'provisioned', `${input.kind} ${input.model}`, actor);
    const publishChannel = input.kind === 'tweet-source' ? 'tweets' : 'telemetry';
    return {
      deviceId,
      kind: input.kind,
      model: input.model,
      site: input.site ?? null,
      username: deviceId,
      clientId: deviceId,
      password,
      topics: {
        publish: [deviceTopic(deviceId, publishChannel), deviceTopic(deviceId, 'status')],
        subscribe: [deviceTopic(deviceId, 'commands')],
        will: deviceTopic(deviceId, 'status'),
      },
    };
  }

  async get(deviceId: string): Promise<DeviceEntity> {
    const device = await this.repository.findById(deviceId);
    if (!device) throw new DeviceRegistryException(DeviceRegistryExceptionCode.DEVICE_NOT_FOUND, `device ${deviceId} not found`);
    return device;
  }

  list(filter: { kind?: DeviceKind; online?: boolean; enabled?: boolean }, page: number, pageSize: number) {
    return this.repository.list(filter, page, pageSize);
  }

  async listEvents(deviceId: string, limit: number) {
    await this.get(deviceId);
    return this.repository.listEvents(deviceId, limit);
  }

  async setEnabled(deviceId: string, enabled: boolean, actor: string): Promise<DeviceEntity> {
    if (!(await this.repository.setEnabled(deviceId, enabled))) {
      throw new DeviceRegistryException(DeviceRegistryExceptionCode.DEVICE_NOT_FOUND, `device ${deviceId} not found`);
    }
    this.credentialCache.delete(deviceId);
    this.record(deviceId, enabled ? 'enabled' : 'disabled', null, actor);
    if (!enabled) this.events.emit('disabled', deviceId);
    return this.get(deviceId);
  }

  async rotateSecret(deviceId: string, actor: string): Promise<{ deviceId: string; password: string }> {
    const password = generateSecret();
    if (!(await this.repository.setSecretHash(deviceId, await hashSecret(password)))) {
      throw new DeviceRegistryException(DeviceRegistryExceptionCode.DEVICE_NOT_FOUND, `device ${deviceId} not found`);
    }
    this.credentialCache.delete(deviceId);
    this.record(deviceId, 'secret-rotated', null, actor);
    // the old secret must stop working at once, live sessions included
    this.events.emit('disabled', deviceId);
    return { deviceId, password };
  }

  /**
   * Checks a CONNECT's credentials. Unknown device and wrong secret give the same
   * code (4) so the answer does not reveal which ids exist; a disabled device gets 5.
   */
  async authenticate(clientId: string, username: string | undefined, password: Buffer | undefined, remote: string): Promise<AuthResult> {
    const address = hostOf(remote);
    if (this.limiter.isBlocked(address, Date.now())) {
      // no audit row per attempt: a flood must not become a flood of writes
      return { ok: false, returnCode: CONNACK.notAuthorized, reason: 'too many failed attempts from this address' };
    }
    const refuse = (returnCode: ConnackCode, reason: string): AuthResult => {
      this.record(username || clientId || '(none)', 'auth-failed', `${reason} from ${remote}`, null);
      this.audit.warn('connect refused', { deviceId: username || clientId, reason, returnCode, remote });
      if (this.limiter.recordFailure(address, Date.now())) {
        this.audit.warn('address blocked after repeated failed connects', { remote: address, blockMs: this.options.authBlockMs ?? 60_000 });
      }
      return { ok: false, returnCode, reason };
    };
    if (!username || !password) return refuse(CONNACK.badUsernameOrPassword, 'missing username or password');
    // [MQTT-3.1.3-8] rejecting a client identifier is CONNACK 2; one device, one session
    if (clientId !== username) return refuse(CONNACK.identifierRejected, 'client id must equal the device id');
    const secret = password.toString('utf8');
    const cached = this.credentialCache.get(username);
    const now = Date.now();
    if (cached && cached.until > now && cached.fingerprint === fingerprint(secret, this.pepper)) {
      return { ok: true, device: cached.device };
    }
    let device: DeviceEntity | null;
    try {
      device = await this.repository.findById(username);
    } catch (err) {
      this.logger.error('device registry unavailable during connect', { error: err as Error, retriable: isRetriable(err) });
      return { ok: false, returnCode: CONNACK.serverUnavailable, reason: 'device registry unavailable' };
    }
    if (!device) {
      // spend the same scrypt time as for a known device, so timing does not reveal which ids exist
      await verifySecret(secret, await this.dummyHash);
      return refuse(CONNACK.badUsernameOrPassword, 'unknown device');
    }
    if (!(await verifySecret(secret, device.secretHash))) return refuse(CONNACK.badUsernameOrPassword, 'wrong password');
    if (!device.enabled) return refuse(CONNACK.notAuthorized, 'device disabled');
    this.limiter.recordSuccess(address);
    const identity: DeviceIdentity = { deviceId: device.deviceId, kind: device.kind, model: device.model };
    const ttl = this.options.authCacheTtlMs ?? 300_000;
    if (ttl > 0) this.credentialCache.set(username, { fingerprint: fingerprint(secret, this.pepper), device: identity, until: now + ttl });
    return { ok: true, device: identity };
  }

  /** Records an audit event (buffered, written in batches). */
  record(deviceId: string, event: string, detail: string | null, actor: string | null): void {
    if (this.pendingEvents.length < 10_000) this.pendingEvents.push({ deviceId, event, detail, actor, at: new Date() });
  }

  async setPresence(deviceId: string, online: boolean, reason: string): Promise<void> {
    this.record(deviceId, online ? 'online' : 'offline', reason, null);
    this.lastSeen.delete(deviceId);
    await this.repository.setPresence(deviceId, online, new Date());
  }

  /** Notes traffic from a device; last-seen times are written once a second in one statement. */
  touch(deviceId: string, at: number): void {
    this.lastSeen.set(deviceId, at);
  }

  async flush(): Promise<void> {
    const events = this.pendingEvents.splice(0);
    const seen = new Map(this.lastSeen);
    this.lastSeen.clear();
    try {
      await this.repository.appendEvents(events);
      await this.repository.touchLastSeen(seen);
    } catch (err) {
      this.logger.warn('could not write device events', { error: (err as Error).message, events: events.length });
    }
  }

  async ping(): Promise<void> {
    await this.repository.ping();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush();
  }
}
