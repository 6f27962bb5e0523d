/**
 * The gateway of the multi-service deployment, against real services on their own
 * ports (real PostgreSQL, in-process buses): an operator signs in at the gateway
 * and reaches maintenance through it (the session is passed on signed, the cookie
 * is not; CSRF and roles are still the service's to check); a principal header a
 * client forges is dropped; a service that is down answers 503 "this feature is
 * currently unavailable" and, once its breaker is open, at once; the rest works.
 */
import { InProcessBus } from '@tsunagu/platform';
import { IdentityModule } from '@apps/identity';
import { MaintenanceModule } from '@apps/maintenance';
import { DashboardModule } from '@apps/dashboard';
import type { RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';
import { testResources, type TestDatabase } from '../../../test/support/test-resources';
import { GatewayModule } from '../src/gateway.module';

const SECRET = 'gateway-test-secret-0123456789abcdef';
const UNKNOWN_WORK_ORDER = '00000000-0000-4000-8000-000000000000';

describe('gateway: one address in front of separate services', () => {
  const resources = testResources();
  let db: TestDatabase;
  /** a service on its own port, behind the gateway (one test stops it) */
  const maintenance = resources.restartable(() => ({ serviceName: 'maintenance', bus: () => new InProcessBus(3), databaseUrl: db.url, modules: [MaintenanceModule.register()], gatewaySecret: SECRET }));
  let gateway: RunningApp;

  const call = async (path: string, init: { method?: string; cookie?: string; csrf?: string; headers?: Record<string, string>; body?: unknown } = {}) => {
    const res = await fetch(`${gateway.httpUrl}${path}`, {
      method: init.method ?? 'GET',
      headers: { ...(init.body ? { 'content-type': 'application/json' } : {}), ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}), ...init.headers },
      body: init.body ? JSON.stringify(init.body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
  };
  const signIn = async (username: string, password: string) => {
    const res = await fetch(`${gateway.httpUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { cookie: res.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await res.json()) as { csrfToken: string }).csrfToken };
  };

  beforeAll(async () => {
    db = await resources.database();
    const { httpUrl: maintenanceUrl } = await maintenance.start();
    const nowhere = `http://127.0.0.1:${await freePort()}`;
    gateway = await resources.app({
      serviceName: 'gateway',
      bus: resources.inProcessBus(),
      databaseUrl: db.url,
      modules: [
        GatewayModule.register({
          upstreams: [
            { prefix: 'work-orders', url: maintenanceUrl },
            { prefix: 'machines', url: maintenanceUrl },
            { prefix: 'trading', url: nowhere },
          ],
          principalSecret: SECRET,
          breakerFailures: 2,
          breakerOpenMs: 60_000,
          timeoutMs: 3000,
        }),
        IdentityModule.register({ adminPassword: 'gateway-admin-password' }),
        DashboardModule,
      ],
    });
    for (const [username, roles] of [['kenji', ['maintenance']], ['aiko', ['callcentre']]] as const) {
      expect((await gateway.request('POST', '/auth/users', { body: { username, password: `${username}-password-1234`, roles } })).status).toBe(201);
    }
  }, 120_000);

  it('serves the console and sign-in itself and passes a session on to the service, which checks roles and CSRF', async () => {
    expect((await fetch(`${gateway.httpUrl}/dashboard`)).status).toBe(200);
    const kenji = await signIn('kenji', 'kenji-password-1234');
    const list = await call('/work-orders?status=open', kenji);
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({ items: [], total: 0 });
    // a state change: without the CSRF token the service refuses it; with it, it reaches the (unknown) work order
    const body = { status: 'scheduled', by: 'someone' };
    expect((await call(`/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { method: 'POST', cookie: kenji.cookie, body })).status).toBe(403);
    expect((await call(`/work-orders/${UNKNOWN_WORK_ORDER}/transitions`, { method: 'POST', ...kenji, body })).status).toBe(404);
    const aiko = await signIn('aiko', 'aiko-password-1234');
    expect((await call('/work-orders', aiko)).status).toBe(403);
    // bearer tokens go through as they are
    expect((await gateway.request('GET', '/work-orders', { role: 'maintenance' })).status).toBe(200);
    expect((await call('/work-orders')).status).toBe(401);
  });

  it('drops a principal header a client forges, and the service refuses one signed with another key', async () => {
    const forged = { 'x-tsunagu-principal': 'eyJraW5kIjoic2Vzc2lvbiIsIm5hbWUiOiJldmUiLCJyb2xlcyI6WyJhZG1pbiJdLCJleHAiOjk5OTk5OTk5OTk5OTl9.AAAA' };
    expect((await call('/work-orders', { headers: forged })).status).toBe(401);
    const direct = await fetch(`${maintenance.app.httpUrl}/work-orders`, { headers: forged });
    expect(direct.status).toBe(401);
  });

  it('answers 503 "currently unavailable" for a service that is down, at once once its breaker is open; the rest works', async () => {
    const first = await call('/trading/orders', { headers: { authorization: 'Bearer x' } });
    expect(first.status).toBe(503);
    expect(first.body).toEqual({ statusCode: 503, code: 'FEATURE_UNAVAILABLE', message: 'this feature is currently unavailable', feature: 'trading' });
    await call('/trading/orders');
    const open = await call('/trading/pnl');
    expect(open.status).toBe(503);
    expect(open.headers.get('x-tsunagu-breaker')).toBe('open');
    expect((await gateway.request('GET', '/work-orders', { role: 'maintenance' })).status).toBe(200);

    // maintenance stops: its routes go unavailable, sign-in and the console stay
    await maintenance.stop();
    expect((await gateway.request('GET', '/work-orders', { role: 'maintenance' })).status).toBe(503);
    expect((await gateway.request('GET', '/machines', { role: 'maintenance' })).status).toBe(503);
    expect((await fetch(`${gateway.httpUrl}/dashboard`)).status).toBe(200);
    expect((await gateway.request('GET', '/auth/users')).status).toBe(200);
  });
});
