import { hashSecret, setLogLevel } from '@tsunagu/platform';
import { DeviceRevocations } from './device-revocations';
import { DeviceSecretsService } from './device-secrets.service';
import type { DeviceRow } from './devices.tables';
import type { DevicesRepository } from './devices.repository';
import { CONNACK, DevicesService } from './devices.service';

setLogLevel('silent');

/** An in-memory stand-in for the registry's repository (unit tier only). */
function fakeRepository(): DevicesRepository & { rows: Map<string, DeviceRow> } {
  const rows = new Map<string, DeviceRow>();
  return {
    rows,
    findById: async (id: string) => rows.get(id) ?? null,
    findMany: async (ids: readonly string[]) => ids.flatMap((id) => (rows.has(id) ? [rows.get(id)!] : [])),
    insert: async (d: DeviceRow) => {
      if (rows.has(d.deviceId)) return false;
      rows.set(d.deviceId, { ...d, enabled: true, online: false, lastSeenAt: null, createdAt: new Date(), disabledAt: null });
      return true;
    },
    setEnabled: async (id: string, enabled: boolean) => {
      const row = rows.get(id);
      if (row) row.enabled = enabled;
      return !!row;
    },
    setSecretHash: async (id: string, hash: string) => {
      const row = rows.get(id);
      if (row) row.secretHash = hash;
      return !!row;
    },
    replaceSecretHash: async (id: string, expected: string, hash: string) => {
      const row = rows.get(id);
      if (row?.secretHash !== expected) return false;
      row.secretHash = hash;
      return true;
    },
    setPresenceMany: async () => undefined,
    appendEvents: async () => undefined,
    touchLastSeen: async () => undefined,
  } as unknown as DevicesRepository & { rows: Map<string, DeviceRow> };
}

describe('DevicesService', () => {
  let repo: ReturnType<typeof fakeRepository>;
  let service: DevicesService;
  const secrets = new DeviceSecretsService({ mqttPort: 0 });
  /** the registry is read in batches (findMany): a failing registry fails those */
  const registryDown = () => {
    repo.findMany = async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    };
  };

  beforeEach(() => {
    repo = fakeRepository();
    service = new DevicesService(repo, new DeviceRevocations(), secrets, { mqttPort: 0 });
  });
  afterEach(() => service.onModuleDestroy());

  it('stores only a keyed hash of the secret it returns once', async () => {
    const device = await service.provision({ kind: 'machine', model: 'crane-50t', deviceId: 'c-1' }, 'test');
    expect(device.password).toHaveLength(43);
    expect(repo.rows.get('c-1')!.secretHash).toMatch(/^hmac-sha256\$/);
    expect(repo.rows.get('c-1')!.secretHash).not.toContain(device.password);
    const again = await service.provision({ kind: 'machine', model: 'crane-50t', deviceId: 'c-2' }, 'test');
    expect(repo.rows.get('c-2')!.secretHash).not.toBe(repo.rows.get('c-1')!.secretHash);
    expect(again.password).not.toBe(device.password);
  });

  it('admits a device whose secret was stored with scrypt and re-hashes it on that connect', async () => {
    const { password } = await service.provision({ kind: 'machine', model: 'crane-50t', deviceId: 'old-1' }, 'test');
    repo.rows.get('old-1')!.secretHash = await hashSecret(password);
    expect(await service.authenticate('old-1', 'old-1', Buffer.from('wrong'), 'test')).toMatchObject({ ok: false, returnCode: CONNACK.badUsernameOrPassword });
    expect(repo.rows.get('old-1')!.secretHash).toMatch(/^scrypt\$/);
    expect(await service.authenticate('old-1', 'old-1', Buffer.from(password), 'test')).toMatchObject({ ok: true });
    expect(repo.rows.get('old-1')!.secretHash).toMatch(/^hmac-sha256\$/);
    // the cached credential names the new hash: the next connect is still valid against the row
    expect(await service.authenticate('old-1', 'old-1', Buffer.from(password), 'test')).toMatchObject({ ok: true });
  });

  it('answers CONNECTs with the MQTT 3.1.1 return codes', async () => {
    const { password } = await service.provision({ kind: 'vehicle', model: 'van', deviceId: 'v-1' }, 'test');
    const secret = Buffer.from(password);
    expect(await service.authenticate('v-1', 'v-1', secret, 'test')).toMatchObject({ ok: true, device: { deviceId: 'v-1', kind: 'vehicle' } });
    expect(await service.authenticate('v-1', 'v-1', Buffer.from('wrong'), 'test')).toMatchObject({ ok: false, returnCode: CONNACK.badUsernameOrPassword });
    expect(await service.authenticate('x', 'x', secret, 'test')).toMatchObject({ ok: false, returnCode: CONNACK.badUsernameOrPassword });
    expect(await service.authenticate('other', 'v-1', secret, 'test')).toMatchObject({ ok: false, returnCode: CONNACK.identifierRejected });
    expect(await service.authenticate('v-1', undefined, undefined, 'test')).toMatchObject({ ok: false, returnCode: CONNACK.badUsernameOrPassword });
    await service.setEnabled('v-1', false, 'test');
    expect(await service.authenticate('v-1', 'v-1', secret, 'test')).toMatchObject({ ok: false, returnCode: CONNACK.notAuthorized });
  });

  it('refuses a CONNECT that was checking credentials when they were revoked (no race with a disable or rotation)', async () => {
    const revocations = new DeviceRevocations();
    const racing = new DevicesService(repo, revocations, secrets, { mqttPort: 0, authCacheTtlMs: 0 });
    try {
      const { password } = await racing.provision({ kind: 'machine', model: 'crane-50t', deviceId: 'r-1' }, 'test');
      const inFlight = racing.authenticate('r-1', 'r-1', Buffer.from(password), 'test');
      revocations.revoke('r-1', 'disabled');
      expect(await inFlight).toMatchObject({ ok: false, returnCode: CONNACK.notAuthorized });
      // a CONNECT that starts after the revocation is judged on the registry again
      expect(await racing.authenticate('r-1', 'r-1', Buffer.from(password), 'test')).toMatchObject({ ok: true });
    } finally {
      await racing.onModuleDestroy();
    }
  });

  it('keeps audit events whose text has control characters (a NUL in a username must not fail the batch)', async () => {
    const written: Array<{ deviceId: string; detail: string | null }> = [];
    (repo as unknown as { appendEvents: (e: typeof written) => Promise<void> }).appendEvents = async (events) => {
      if (events.some((e) => (e.deviceId + (e.detail ?? '')).includes('\u0000'))) throw new Error('invalid byte sequence for encoding "UTF8": 0x00');
      written.push(...events);
    };
    await service.authenticate('a\u0000b', 'a\u0000b', Buffer.from('x'), 'test');
    await service.flush();
    expect(written).toHaveLength(1);
    expect(written[0]!.deviceId).toBe('a\uFFFDb');
  });

  it('forgets a cached credential when the secret is rotated', async () => {
    const { password } = await service.provision({ kind: 'machine', model: 'x', deviceId: 'm-1' }, 'test');
    expect(await service.authenticate('m-1', 'm-1', Buffer.from(password), 'test')).toMatchObject({ ok: true });
    const rotated = await service.rotateSecret('m-1', 'test');
    expect(await service.authenticate('m-1', 'm-1', Buffer.from(password), 'test')).toMatchObject({ ok: false });
    expect(await service.authenticate('m-1', 'm-1', Buffer.from(rotated.password), 'test')).toMatchObject({ ok: true });
  });

  it('a rotation or a disable through another broker instance ends this instance\'s cached credential at once', async () => {
    // two instances on one registry: each has its own cache and revocation signal
    const other = new DevicesService(repo, new DeviceRevocations(), secrets, { mqttPort: 0 });
    try {
      const { password } = await service.provision({ kind: 'machine', model: 'x', deviceId: 'm-2' }, 'test');
      expect(await service.authenticate('m-2', 'm-2', Buffer.from(password), 'test')).toMatchObject({ ok: true });
      await other.rotateSecret('m-2', 'test');
      expect(await service.authenticate('m-2', 'm-2', Buffer.from(password), 'test')).toMatchObject({ ok: false, returnCode: CONNACK.badUsernameOrPassword });

      const fresh = await other.rotateSecret('m-2', 'test');
      expect(await service.authenticate('m-2', 'm-2', Buffer.from(fresh.password), 'test')).toMatchObject({ ok: true });
      await other.setEnabled('m-2', false, 'test');
      expect(await service.authenticate('m-2', 'm-2', Buffer.from(fresh.password), 'test')).toMatchObject({ ok: false, returnCode: CONNACK.notAuthorized });
    } finally {
      await other.onModuleDestroy();
    }
  });

  it('keeps a cached credential valid while the registry is unreachable (a fleet reconnects through an outage)', async () => {
    const { password } = await service.provision({ kind: 'machine', model: 'x', deviceId: 'm-3' }, 'test');
    expect(await service.authenticate('m-3', 'm-3', Buffer.from(password), 'test')).toMatchObject({ ok: true });
    registryDown();
    expect(await service.authenticate('m-3', 'm-3', Buffer.from(password), 'test')).toMatchObject({ ok: true });
  });

  it('answers "registry unavailable" (CONNACK 3) when the database is away', async () => {
    registryDown();
    expect(await service.authenticate('m', 'm', Buffer.from('x'), 'test')).toMatchObject({ ok: false, returnCode: CONNACK.serverUnavailable });
  });
});
