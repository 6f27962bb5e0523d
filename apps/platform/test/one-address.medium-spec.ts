/**
 * One address: the all-in-one process (its `allFeatures`, as `npm start` mounts
 * them) serves the console and every service's REST on one port, and the one
 * guard holds on every route of that table: without credentials every protected
 * route is 401; a call-centre operator's session gets 403 on every route its role
 * does not allow (trading, maintenance, admin…), state changes included (sent
 * with its CSRF token, so the 403 is the role's).
 */
import { PostgresBus, setLogLevel } from '@tsunagu/platform';
import { appUnderTest } from '../../../test/support/app-under-test';
import { allInOneFeatures } from '../../../test/support/all-in-one';
import { concretePath, routeTable, type RouteEntry } from '../../../test/support/route-table';

const ADMIN_PASSWORD = 'one-address-admin-password';

describe('the all-in-one process serves every route on one address, behind one guard', () => {
  beforeAll(() => {
    setLogLevel('silent');
    Object.assign(process.env, { MQTT_PORT: '0', MQTT_WS_PORT: '0', IDENTITY_ADMIN_PASSWORD: ADMIN_PASSWORD });
  });
  const rig = appUnderTest((resources) => ({
    serviceName: 'tsunagu',
    bus: (url: string) => PostgresBus.open({ url, partitions: 3, lingerMs: 2 }),
    modules: allInOneFeatures(resources.tempDir('tsunagu-one-address-')),
  }));
  let routes: RouteEntry[];
  let session: { cookie: string; csrf: string };

  beforeAll(async () => {
    routes = routeTable(rig.app.app);

    const login = (body: unknown) => fetch(`${rig.app.httpUrl}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const admin = await login({ username: 'admin', password: ADMIN_PASSWORD });
    const adminCookie = admin.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await admin.json()) as { csrfToken: string };
    const created = await fetch(`${rig.app.httpUrl}/auth/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ username: 'aiko', password: 'aiko-password-1234', roles: ['callcentre'] }),
    });
    expect(created.status).toBe(201);
    const aiko = await login({ username: 'aiko', password: 'aiko-password-1234' });
    session = { cookie: aiko.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await aiko.json()) as { csrfToken: string }).csrfToken };
  }, 120_000);

  const send = (route: RouteEntry, headers: Record<string, string> = {}) =>
    fetch(`${rig.app.httpUrl}${concretePath(route.path)}`, {
      method: route.method,
      headers: { ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }), ...headers },
      body: route.method === 'GET' ? undefined : '{}',
    });

  it('mounts the console, sign-in and every service’s routes, each (method, path) once', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const expected of ['GET /dashboard', 'POST /auth/login', 'GET /work-orders', 'GET /call-centre/cases', 'GET /trading/orders', 'GET /dispatch/requests', 'GET /devices', 'GET /health']) {
      expect(keys).toContain(expected);
    }
  });

  it('answers 401 on every protected route without credentials', async () => {
    const protectedRoutes = routes.filter((r) => r.roles !== null);
    expect(protectedRoutes.length).toBeGreaterThan(50);
    const open: string[] = [];
    for (const route of protectedRoutes) {
      const res = await send(route);
      if (res.status !== 401) open.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(open).toEqual([]);
  });

  it('answers 403 to a call-centre session on every route its role does not allow', async () => {
    const denied = routes.filter((r) => r.roles !== null && !r.roles.includes('callcentre'));
    expect(denied.map((r) => r.path)).toEqual(expect.arrayContaining(['/trading/orders', '/trading/kill-switch', '/work-orders', '/auth/users']));
    const leaks: string[] = [];
    for (const route of denied) {
      const res = await send(route, { cookie: session.cookie, 'x-csrf-token': session.csrf });
      if (res.status !== 403) leaks.push(`${route.method} ${route.path}: ${res.status}`);
    }
    expect(leaks).toEqual([]);
  });
});
