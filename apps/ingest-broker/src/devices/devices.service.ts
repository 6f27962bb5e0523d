/* eslint-disable max-lines -- the device registry as one service: provisioning, enable/disable, rotation and authentication share the revocation and credential-cache invariants, which read best together */
import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DEVICE_ID_PATTERN, deviceTopic } from '@tsunagu/contracts';
import { createLogger, isRetriable } from '@tsunagu/platform';
import { INGEST_OPTIONS, type IngestBrokerOptions } from '../config/ingest-broker.config';
import { AuthFailureLimiter, hostOf, StatementBatcher } from '@tsunagu/platform';
import { DeviceRevocations } from './device-revocations';
import { DeviceRegistryException, DEVICE_REGISTRY_ERROR } from './device-registry.exception';
import { fingerprint } from './device-secret';
import { DeviceSecretsService } from './device-secrets.service';
import type { PeerCertificate } from '../broker/connect-steps';
import { DevicesRepository, type PresenceUpdate } from './devices.repository';
import type { DeviceKind, DeviceRow } from './devices.tables';

/** What the broker keeps about an authenticated connection. */
export interface DeviceIdentity {
  readonly deviceId: string;
  readonly kind: DeviceKind;
  readonly model: string;
  /** the device's revocation generation its credentials were checked at (a later revocation ends the session) */
  readonly generation?: number;
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
  /** shown once; only its keyed hash is stored */
  readonly password: string;
  readonly username: string;
  readonly clientId: string;
  readonly site: string | null;
  readonly topics: { readonly publish: readonly string[]; readonly subscribe: readonly string[]; readonly will: string };
}

/** How the CONNECT path's statements (registry reads, presence writes) are grouped. */
const CONNECT_PATH_BATCHING = { maxInFlight: 1 } as const;

const KIND_PREFIX: Record<DeviceKind, string> = { machine: 'mch', vehicle: 'veh', 'tweet-source': 'tws' };

interface CachedCredential {
  readonly fingerprint: string;
  readonly device: DeviceIdentity;
  /** the stored hash the secret was verified against: a rotation on any instance changes it */
  readonly secretHash: string;
  readonly until: number;
}

/** What a newly provisioned device is told, once: its credentials and its topics. */
export function provisioned(d: Pick<DeviceRow, 'deviceId' | 'kind' | 'model' | 'site'>, password: string): ProvisionedDevice {
  const publishChannel = d.kind === 'tweet-source' ? 'tweets' : 'telemetry';
  return {
    deviceId: d.deviceId,
    kind: d.kind,
    model: d.model,
    site: d.site,
    username: d.deviceId,
    clientId: d.deviceId,
    password,
    topics: {
      publish: [deviceTopic(d.deviceId, publishChannel), deviceTopic(d.deviceId, 'status'), deviceTopic(d.deviceId, 'commands/ack'), deviceTopic(d.deviceId, 'state/reported')],
      subscribe: [deviceTopic(d.deviceId, 'commands'), deviceTopic(d.deviceId, 'state/desired')],
      will: deviceTopic(d.deviceId, 'status'),
    },
  };
}

/** Audit text: control characters (NUL among them, which PostgreSQL refuses) replaced, length bounded. */
function auditText(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, '\uFFFD').slice(0, max);
}

/**
 * The device registry: provisioning, credentials, enable/disable, presence and the
 * audit trail. A disable or a secret rotation is a revocation (DeviceRevocations):
 * the broker drops the live session at once.
 */
@Injectable()
export class DevicesService implements OnModuleDestroy {
  private readonly logger = createLogger('ingest.devices');
  private readonly audit = createLogger('audit.devices');
  private readonly credentialCache = new Map<string, CachedCredential>();
  private readonly pepper = randomBytes(32);
  private readonly pendingEvents: Array<{ deviceId: string; event: string; detail: string | null; actor: string | null; at: Date }> = [];
  private readonly lastSeen = new Map<string, number>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly limiter: AuthFailureLimiter;
  /** the CONNECTs' registry reads: many devices connecting at once share one statement */
  private readonly registry: StatementBatcher<string, DeviceRow | null>;
  /** presence changes of many devices in one statement */
  private readonly presenceWrites: StatementBatcher<PresenceUpdate, undefined>;

  constructor(
    private readonly repository: DevicesRepository,
    private readonly revocations: DeviceRevocations,
    private readonly secrets: DeviceSecretsService,
    @Inject(INGEST_OPTIONS) private readonly options: IngestBrokerOptions,
  ) {
    // one statement in flight each: CONNECTs arrive a few per poll phase, so with more in flight nearly every
    // statement carried one device (measured: 1 701 lookups for 1 774 connects); with one, every CONNECT that
    // arrives while a statement runs shares the next one, so batches grow with the rate (a round trip ≈ 0.3 ms)
    this.registry = StatementBatcher.lookups((ids) => repository.findMany(ids), (row) => row.deviceId, CONNECT_PATH_BATCHING);
    this.presenceWrites = new StatementBatcher(async (updates) => {
      await repository.setPresenceMany(updates);
      return updates.map(() => undefined);
    }, CONNECT_PATH_BATCHING);
    this.limiter = new AuthFailureLimiter(options.authMaxFailuresPerMinute ?? 20, 60_000, options.authBlockMs ?? 60_000);
    this.flushTimer = setInterval(() => void this.flush(), 1000);
    this.flushTimer.unref();
  }

  async provision(input: { deviceId?: string; kind: DeviceKind; model: string; site?: string }, actor: string): Promise<ProvisionedDevice> {
    const deviceId = input.deviceId ?? this.newDeviceId(input.kind);
    if (!DEVICE_ID_PATTERN.test(deviceId)) throw new RangeError(`invalid device id ${deviceId}`);
    const { password, secretHash } = this.secrets.issue();
    const inserted = await this.repository.insert({ deviceId, kind: input.kind, model: input.model, site: input.site ?? null, secretHash });
    if (!inserted) throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.deviceIdTaken, `device ${deviceId} already exists`);
    this.record(deviceId, 'provisioned', `${input.kind} ${input.model}`, actor);
    return provisioned({ deviceId, kind: input.kind, model: input.model, site: input.site ?? null }, password);
  }

  /** The id a new device gets when the caller names none. */
  newDeviceId(kind: DeviceKind): string {
    return `${KIND_PREFIX[kind]}-${randomBytes(6).toString('hex')}`;
  }

  /** After a bulk file was written (one transaction): the audit trail, and the revocations of disabled and rotated devices. */
  bulkApplied(changes: { created: readonly DeviceIdentity[]; disabled: readonly string[]; rotated: readonly string[] }, actor: string): void {
    for (const d of changes.created) this.record(d.deviceId, 'provisioned', `${d.kind} ${d.model} (bulk)`, actor);
    for (const id of changes.disabled) {
      this.credentialCache.delete(id);
      this.record(id, 'disabled', 'bulk', actor);
      this.revocations.revoke(id, 'disabled');
    }
    for (const id of changes.rotated) {
      this.credentialCache.delete(id);
      this.record(id, 'secret-rotated', 'bulk', actor);
      this.revocations.revoke(id, 'secret-rotated');
    }
  }

  async get(deviceId: string): Promise<DeviceRow> {
    const device = await this.repository.findById(deviceId);
    if (!device) throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.deviceNotFound, `device ${deviceId} not found`);
    return device;
  }

  /** The device, or null (no error): for callers that report a missing device their own way. */
  find(deviceId: string): Promise<DeviceRow | null> {
    return this.repository.findById(deviceId);
  }

  list(filter: { kind?: DeviceKind; online?: boolean; enabled?: boolean }, page: number, pageSize: number) {
    return this.repository.list(filter, page, pageSize);
  }

  async listEvents(deviceId: string, limit: number) {
    await this.get(deviceId);
    return this.repository.listEvents(deviceId, limit);
  }

  /** True while no revocation happened since `identity` was checked (the broker asks once the session is registered). */
  isCurrent(identity: DeviceIdentity): boolean {
    return identity.generation === undefined || identity.generation === this.revocations.generationOf(identity.deviceId);
  }

  async setEnabled(deviceId: string, enabled: boolean, actor: string): Promise<DeviceRow> {
    if (!(await this.repository.setEnabled(deviceId, enabled))) {
      throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.deviceNotFound, `device ${deviceId} not found`);
    }
    this.credentialCache.delete(deviceId);
    this.record(deviceId, enabled ? 'enabled' : 'disabled', null, actor);
    if (!enabled) this.revocations.revoke(deviceId, 'disabled');
    return this.get(deviceId);
  }

  async rotateSecret(deviceId: string, actor: string): Promise<{ deviceId: string; password: string }> {
    const { password, secretHash } = this.secrets.issue();
    if (!(await this.repository.setSecretHash(deviceId, secretHash))) {
      throw new DeviceRegistryException(DEVICE_REGISTRY_ERROR.deviceNotFound, `device ${deviceId} not found`);
    }
    this.credentialCache.delete(deviceId);
    this.record(deviceId, 'secret-rotated', null, actor);
    // the old secret must stop working at once, live sessions and CONNECTs in flight included
    this.revocations.revoke(deviceId, 'secret-rotated');
    return { deviceId, password };
  }

  /**
   * Checks a CONNECT's credentials. Unknown device and wrong secret give the same
   * code (4) so the answer does not reveal which ids exist; a disabled device gets 5.
   * A device certificate from the device CA whose CN is the client id stands in
   * for the password; a certificate that is not trusted, or names another device,
   * is refused (5) whatever password comes with it.
   */
  async authenticate(
    clientId: string,
    username: string | undefined,
    password: Buffer | undefined,
    remote: string,
    certificate?: PeerCertificate,
  ): Promise<AuthResult> {
    const address = hostOf(remote);
    const refuse = (returnCode: ConnackCode, reason: string): AuthResult => {
      this.record(username || clientId || '(none)', 'auth-failed', `${reason} from ${remote}`, null);
      this.audit.warn('connect refused', { deviceId: username || clientId, reason, returnCode, remote });
      if (this.limiter.recordFailure(address, Date.now())) {
        this.audit.warn('address blocked after repeated failed connects', { remote: address, blockMs: this.options.authBlockMs ?? 60_000 });
      }
      return { ok: false, returnCode, reason };
    };
    if (certificate) {
      if (!certificate.trusted) return refuse(CONNACK.notAuthorized, 'client certificate not issued by the device CA');
      if (certificate.cn !== clientId) return refuse(CONNACK.notAuthorized, 'client certificate CN is not the client id');
      if (username && username !== clientId) return refuse(CONNACK.identifierRejected, 'client id must equal the device id');
      return this.admit(clientId, address, refuse, async () => true);
    }
    if (!username || !password) return refuse(CONNACK.badUsernameOrPassword, 'missing username or password');
    // [MQTT-3.1.3-8] rejecting a client identifier is CONNACK 2; one device, one session
    if (clientId !== username) return refuse(CONNACK.identifierRejected, 'client id must equal the device id');
    // not a device id (NUL, spaces, too long): refused before the registry is read, never a registry error
    if (!DEVICE_ID_PATTERN.test(username)) return refuse(CONNACK.identifierRejected, 'not a device id');
    const secret = password.toString('utf8');
    const cached = this.credentialCache.get(username);
    if (cached && cached.until > Date.now() && cached.fingerprint === fingerprint(secret, this.pepper) && (await this.stillValid(cached))) {
      // a revocation here deletes the entry, one on another instance changed the row: a cached credential is of the current generation
      return { ok: true, device: { ...cached.device, generation: this.revocations.generationOf(username) } };
    }
    const ttl = this.options.authCacheTtlMs ?? 300_000;
    let verifiedHash = '';
    return this.admit(
      username,
      address,
      refuse,
      async (device) => {
        // an unknown device is checked against a decoy, so timing does not reveal which ids exist
        const check = await this.secrets.verify(secret, device?.secretHash);
        verifiedHash = device?.secretHash ?? '';
        if (device && check.rehash) verifiedHash = await this.rehashed(device, check.rehash);
        if (device && !check.ok && this.secrets.isOtherKey(device.secretHash)) return 'hashed under another DEVICE_SECRET_KEY';
        return check.ok;
      },
      (identity) => {
        if (ttl > 0) this.credentialCache.set(username, { fingerprint: fingerprint(secret, this.pepper), device: identity, secretHash: verifiedHash, until: Date.now() + ttl });
      },
    );
  }

  /**
   * A secret that matched its scrypt hash (stored before keyed hashes): its keyed
   * hash takes the place of that one, unless the secret was rotated meanwhile.
   * Returns the hash the row holds now as far as this instance knows.
   */
  private async rehashed(device: DeviceRow, keyedHash: string): Promise<string> {
    try {
      if (await this.repository.replaceSecretHash(device.deviceId, device.secretHash, keyedHash)) return keyedHash;
    } catch (err) {
      // the registry is away: the device is admitted on its scrypt hash; the next connect tries again
      this.logger.warn('could not re-hash a device secret', { deviceId: device.deviceId, error: (err as Error).message });
    }
    return device.secretHash;
  }

  /**
   * The cache saves the secret check, not the registry read: the row is read again
   * (one primary-key lookup, batched), so a rotation or a disable made through
   * another broker instance ends the cached credential at once. While the registry
   * is unreachable the cached credential stands (connected fleets reconnect through an outage).
   */
  private async stillValid(cached: CachedCredential): Promise<boolean> {
    let row: DeviceRow | null;
    try {
      row = await this.registry.submit(cached.device.deviceId);
    } catch {
      return true;
    }
    const valid = row !== null && row.enabled && row.secretHash === cached.secretHash;
    if (!valid) this.credentialCache.delete(cached.device.deviceId);
    return valid;
  }

  /** The checks after the device named itself: it exists, its proof holds, it is enabled, and nothing was revoked meanwhile. */
  private async admit(
    deviceId: string,
    address: string,
    refuse: (returnCode: ConnackCode, reason: string) => AuthResult,
    /** true, or why the proof fails when there is more to say than "wrong password" */
    proves: (device: DeviceRow | null) => Promise<boolean | string>,
    admitted?: (identity: DeviceIdentity) => void,
  ): Promise<AuthResult> {
    // a revocation while the registry is read and the secret checked refuses this CONNECT
    const generation = this.revocations.generationOf(deviceId);
    let device: DeviceRow | null;
    try {
      device = await this.registry.submit(deviceId);
    } catch (err) {
      this.logger.error('device registry unavailable during connect', { error: err as Error, retriable: isRetriable(err) });
      return { ok: false, returnCode: CONNACK.serverUnavailable, reason: 'device registry unavailable' };
    }
    const proven = await proves(device);
    if (!device) return refuse(CONNACK.badUsernameOrPassword, 'unknown device');
    if (proven !== true) return refuse(CONNACK.badUsernameOrPassword, proven || 'wrong password');
    if (!device.enabled) return refuse(CONNACK.notAuthorized, 'device disabled');
    if (this.revocations.generationOf(deviceId) !== generation) return refuse(CONNACK.notAuthorized, 'credentials revoked during connect');
    this.limiter.recordSuccess(address);
    const identity: DeviceIdentity = { deviceId: device.deviceId, kind: device.kind, model: device.model, generation };
    // in the same synchronous run as the generation check: a revocation cannot slip in before the cache entry
    admitted?.(identity);
    return { ok: true, device: identity };
  }

  /** True while an address is refused after repeated failed CONNECTs (no password check, no audit row per attempt). */
  isAddressBlocked(remote: string): boolean {
    return this.limiter.isBlocked(hostOf(remote), Date.now());
  }

  /** Records an audit event (buffered, written in batches); untrusted text is cleaned first, so one odd CONNECT cannot fail the batch. */
  record(deviceId: string, event: string, detail: string | null, actor: string | null): void {
    if (this.pendingEvents.length >= 10_000) return;
    this.pendingEvents.push({ deviceId: auditText(deviceId, 64), event, detail: detail === null ? null : auditText(detail), actor: actor === null ? null : auditText(actor, 100), at: new Date() });
  }

  async setPresence(deviceId: string, online: boolean, reason: string, brokerId: string): Promise<void> {
    this.record(deviceId, online ? 'online' : 'offline', reason, null);
    this.lastSeen.delete(deviceId);
    await this.presenceWrites.submit({ deviceId, online, at: new Date(), brokerId });
  }

  /** At start-up: the sessions this broker instance held before a crash are gone; their devices are offline. */
  async endSessionsOf(brokerId: string): Promise<string[]> {
    const ended = await this.repository.endSessionsOf(brokerId);
    for (const deviceId of ended) this.record(deviceId, 'offline', `broker ${brokerId} restarted`, null);
    return ended;
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
    } catch (err) {
      // the registry is away: keep them for the next flush (bounded like the buffer itself)
      this.pendingEvents.unshift(...events.slice(0, Math.max(0, 10_000 - this.pendingEvents.length)));
      this.logger.warn('could not write device events; kept for the next flush', { error: (err as Error).message, events: events.length });
    }
    await this.repository.touchLastSeen(seen).catch((err: Error) => this.logger.warn('could not write last-seen times', { error: err.message }));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flush();
  }
}
