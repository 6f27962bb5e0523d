/**
 * Operators' sign-in against a real PostgreSQL (in-process bus, no Kafka): the
 * first admin, session cookies and their attributes, wrong passwords, roles
 * checked by the platform's one guard for sessions and tokens alike, CSRF
 * refusal of state changes, sign-out, a user's own password change, idle expiry,
 * disabling, and the per-address block after repeated failures. Maintenance is
 * mounted to have real routes.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '@tsunagu/platform';
import { MaintenanceModule } from '@apps/maintenance';
import { appUnderTest } from '../../../test/support/app-under-test';
import type { RunningApp } from '../../../test/support/app-harness';
import { testResources } from '../../../test/support/test-resources';
import { IdentityModule } from '../src/identity.module';

const ADMIN_PASSWORD = 'correct horse battery staple';
const UNKNOWN_WORK_ORDER = '00000000-0000-4000-8000-000000000000';

interface Browser {
  cookie: string;
  csrf: string;
  setCookie: string;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Answer = { status: number; body: any; setCookie: string };

async function call(app: RunningApp, method: string, path: string, options: { body?: unknown; as?: Browser; csrf?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.as) headers.cookie = options.as.cookie;
  const csrf = options.csrf === undefined ? options.as?.csrf : options.csrf;
  if (csrf) headers['x-csrf-token'] = csrf;
  const res = await fetch(`${app.httpUrl}${path}`, { method, headers, body: options.body !== undefined ? JSON.stringify(options.body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, setCookie: res.headers.get('set-cookie') ?? '' };
}

async function signIn(app: RunningApp, username: string, password: string): Promise<Browser> {
  const res = await call(app, 'POST', '/auth/login', { body: { username, password } });
  expect(res.status).toBe(200);
  const cookie = res.setCookie.split(';')[0]!;
  return { cookie, csrf: res.body.csrfToken, setCookie: res.setCookie };
}

describe('identity: operators sign in (real PostgreSQL)', () => {
  const clock = new ManualClock(Date.UTC(2026, 0, 5, 9));

  const rig = appUnderTest({
    serviceName: 'identity-test',
    clock,
    modules: [IdentityModule.register({ adminPassword: ADMIN_PASSWORD, loginMaxFailures: 4, sessionIdleMs: 30 * 60_000 }), MaintenanceModule.register()],
  });

  it('signs the first admin in with an HttpOnly, SameSite=Strict cookie (not Secure over plain HTTP) and a CSRF token', async () => {
    const admin = await signIn(rig.app, 'admin', ADMIN_PASSWORD);
    expect(admin.setCookie).toMatch(/^tsunagu_session=[\w-]{43}; Path=\/; Max-Age=43200; HttpOnly; SameSite=Strict$/);
    expect(admin.csrf).toMatch(/^[\w-]{32}$/);
    const session = await call(rig.app, 'GET', '/auth/session', { as: admin });
    expect(session.body.session).toMatchObject({ username: 'admin', kind: 'session', roles: ['admin'], csrfToken: admin.csrf });
  });

  it('answers a wrong password and an unknown user alike (401), and sets no cookie', async () => {
    const wrong = await call(rig.app, 'POST', '/auth/login', { body: { username: 'admin', password: 'not the password' } });
    const unknown = await call(rig.app, 'POST', '/auth/login', { body: { username: 'nobody', password: ADMIN_PASSWORD } });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.message).toBe(unknown.body.message);
    expect(wrong.setCookie).toBe('');
    expect((await call(rig.app, 'GET', '/auth/session')).body).toEqual({ session: null });
  });

  it('lets admins manage accounts; the guard checks a session user’s roles like a token’s', async () => {
    const admin = await signIn(rig.app, 'admin', ADMIN_PASSWORD);
    const created = await call(rig.app, 'POST', '/auth/users', { as: admin, body: { username: 'mika', password: 'mika-password-1234', roles: ['callcentre'] } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'mika', roles: ['callcentre'], createdBy: 'admin', disabled: false });
    expect(created.body.passwordHash).toBeUndefined();
    expect((await call(rig.app, 'POST', '/auth/users', { as: admin, body: { username: 'mika', password: 'another-password-1', roles: ['operator'] } })).status).toBe(409);

    const mika = await signIn(rig.app, 'mika', 'mika-password-1234');
    expect((await call(rig.app, 'GET', '/work-orders', { as: mika })).status).toBe(403);
    expect((await call(rig.app, 'GET', '/auth/users', { as: mika })).status).toBe(403);
    expect((await call(rig.app, 'GET', '/work-orders', { as: admin })).status).toBe(200);
    // tokens still work, through the same resolver
    expect((await rig.app.request('GET', '/work-orders', { role: 'maintenance' })).status).toBe(200);
    expect((await rig.app.request('GET', '/work-orders', { role: 'callcentre' })).status).toBe(403);

    const roles = await call(rig.app, 'PATCH', '/auth/users/mika', { as: admin, body: { roles: ['maintenance', 'callcentre'] } });
    expect(roles.body.roles).toEqual(['maintenance', 'callcentre']);
    expect((await call(rig.app, 'GET', '/work-orders', { as: mika })).status).toBe(200);
  });

  it('refuses a session’s state change without its CSRF token (403) and lets it through with it', async () => {
    const mika = await signIn(rig.app, 'mika', 'mika-password-1234');
    const body = { status: 'scheduled', by: 'someone else' };
    const none = await call(rig.app, 'POST', `/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { as: mika, body, csrf: null });
    expect(none.status).toBe(403);
    expect(none.body.message).toMatch(/CSRF/);
    const wrong = await call(rig.app, 'POST', `/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { as: mika, body, csrf: 'x'.repeat(32) });
    expect(wrong.status).toBe(403);
    // past the guard: the work order does not exist
    expect((await call(rig.app, 'POST', `/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { as: mika, body })).status).toBe(404);
    // another session's token does not do either
    const other = await signIn(rig.app, 'admin', ADMIN_PASSWORD);
    expect((await call(rig.app, 'POST', `/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { as: mika, body, csrf: other.csrf })).status).toBe(403);
  });

  it('signs out: the session no longer works and the cookie is cleared', async () => {
    const mika = await signIn(rig.app, 'mika', 'mika-password-1234');
    expect((await call(rig.app, 'POST', '/auth/logout', { as: mika, csrf: null })).status).toBe(403);
    const out = await call(rig.app, 'POST', '/auth/logout', { as: mika });
    expect(out.status).toBe(204);
    expect(out.setCookie).toMatch(/^tsunagu_session=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict$/);
    expect((await call(rig.app, 'GET', '/auth/session', { as: mika })).body).toEqual({ session: null });
  });

  it('lets a signed-in user change their own password with the current one; their other sessions end, this one stays', async () => {
    const admin = await signIn(rig.app, 'admin', ADMIN_PASSWORD);
    expect((await call(rig.app, 'POST', '/auth/users', { as: admin, body: { username: 'ren', password: 'ren-password-1234', roles: ['operator'] } })).status).toBe(201);
    const here = await signIn(rig.app, 'ren', 'ren-password-1234');
    const elsewhere = await signIn(rig.app, 'ren', 'ren-password-1234');
    const change = (body: unknown, as: Browser = here, csrf?: string | null) => call(rig.app, 'POST', '/auth/password', { as, body, csrf });
    // a machine's token has no password of its own
    expect((await rig.app.request('POST', '/auth/password', { role: 'operator', body: { current: 'x', next: 'ren-new-password-5678' } })).status).toBe(400);
    expect((await change({ current: 'ren-password-1234', next: 'ren-new-password-5678' }, here, null)).status).toBe(403);
    expect((await change({ current: 'ren-password-1234', next: 'short' })).status).toBe(400);
    const wrong = await change({ current: 'not my password', next: 'ren-new-password-5678' });
    // refused, but not a 401: the session is still good
    expect(wrong).toMatchObject({ status: 400, body: { code: 'WRONG_PASSWORD' } });
    expect((await change({ current: 'ren-password-1234', next: 'ren-new-password-5678' })).status).toBe(204);
    expect((await call(rig.app, 'GET', '/auth/session', { as: here })).body.session).toMatchObject({ username: 'ren' });
    expect((await call(rig.app, 'GET', '/auth/session', { as: elsewhere })).body).toEqual({ session: null });
    expect((await call(rig.app, 'POST', '/auth/login', { body: { username: 'ren', password: 'ren-password-1234' } })).status).toBe(401);
    await signIn(rig.app, 'ren', 'ren-new-password-5678');
  });

  it('expires an idle session, and ends the sessions of a disabled account', async () => {
    const mika = await signIn(rig.app, 'mika', 'mika-password-1234');
    clock.advance(29 * 60_000);
    expect((await call(rig.app, 'GET', '/auth/session', { as: mika })).body.session).not.toBeNull();
    clock.advance(29 * 60_000); // used 29 minutes ago: still alive
    expect((await call(rig.app, 'GET', '/auth/session', { as: mika })).body.session).not.toBeNull();
    clock.advance(31 * 60_000);
    expect((await call(rig.app, 'GET', '/auth/session', { as: mika })).body).toEqual({ session: null });

    const again = await signIn(rig.app, 'mika', 'mika-password-1234');
    const admin = await signIn(rig.app, 'admin', ADMIN_PASSWORD);
    expect((await call(rig.app, 'PATCH', '/auth/users/mika', { as: admin, body: { disabled: true } })).status).toBe(200);
    expect((await call(rig.app, 'GET', '/auth/session', { as: again })).body).toEqual({ session: null });
    expect((await call(rig.app, 'POST', '/auth/login', { body: { username: 'mika', password: 'mika-password-1234' } })).status).toBe(401);
    // the last enabled admin stays
    expect((await call(rig.app, 'PATCH', '/auth/users/admin', { as: admin, body: { roles: ['operator'] } })).status).toBe(409);
    expect((await call(rig.app, 'DELETE', '/auth/users/admin', { as: admin })).status).toBe(409);
  });

  it('blocks an address after repeated failures (429), even with the right password', async () => {
    const attempt = (password: string) => call(rig.app, 'POST', '/auth/login', { body: { username: 'admin', password } });
    let status = 0;
    for (let i = 0; i < 4 && status !== 429; i++) status = (await attempt(`wrong password ${i}`)).status;
    // earlier tests failed once already: the block starts within the allowance
    expect((await attempt(ADMIN_PASSWORD)).status).toBe(429);
  });
});

describe('identity: the first admin with a generated password', () => {
  const resources = testResources();

  it('writes the password once to <DATA_DIR>/initial-admin-password (mode 0600), and it signs in', async () => {
    const dataDir = resources.tempDir('tsunagu-identity-');
    const { app } = await resources.startedApp({ serviceName: 'identity-first', bus: resources.inProcessBus(1), modules: [IdentityModule.register({ adminPassword: null, dataDir })] });
    const file = join(dataDir, 'initial-admin-password');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const [username, password] = readFileSync(file, 'utf8').trim().split(':');
    expect(username).toBe('admin');
    await signIn(app, username!, password!);
  });
});
