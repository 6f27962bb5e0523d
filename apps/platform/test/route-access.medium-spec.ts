/**
 * Fail-closed routing, checked over HTTP on every route of the all-in-one process:
 * without a token every route that is not marked @Public answers 401, with a role
 * the route does not allow 403, and a route that declares nothing is refused.
 */
import { Controller, Get, Module, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { API_ROLES, PUBLIC_METADATA, PostgresBus, ROLES_METADATA, setLogLevel, type ApiRole } from '@tsunagu/platform';
import { IngestBrokerModule } from '@apps/ingest-broker';
import { appUnderTest } from '../../../test/support/app-under-test';
import { allInOneFeatures } from '../../../test/support/all-in-one';
import { TEST_TOKENS, type RunningApp } from '../../../test/support/app-harness';
import { freePort } from '../../../test/support/kafka-broker';

/** A controller someone forgot to declare. */
@Controller('undeclared')
class UndeclaredController {
  @Get()
  open(): string {
    return 'should never be served';
  }
}
@Module({ controllers: [UndeclaredController] })
class UndeclaredModule {}

interface Route {
  readonly method: string;
  readonly path: string;
  readonly roles: readonly ApiRole[] | undefined;
  readonly isPublic: boolean;
  readonly handler: string;
}

/** Every route of the running app, from the controllers Nest mounted (so a new controller is walked too). */
function routesOf(app: RunningApp): Route[] {
  const routes: Route[] = [];
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const type = wrapper.metatype as Type;
      const base = [Reflect.getMetadata(PATH_METADATA, type) as string | string[]].flat()[0] ?? '';
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const fn = (type.prototype as Record<string, unknown>)[name];
        if (name === 'constructor' || typeof fn !== 'function' || Reflect.getMetadata(PATH_METADATA, fn) === undefined) continue;
        const sub = [Reflect.getMetadata(PATH_METADATA, fn) as string | string[]].flat()[0] ?? '';
        const path = `/${[base, sub].map((p) => p.replace(/^\/|\/$/g, '')).filter(Boolean).join('/')}`.replace(/:[A-Za-z]+/g, 'probe-id');
        routes.push({
          method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, fn) as RequestMethod],
          path,
          roles: Reflect.getMetadata(ROLES_METADATA, fn) ?? Reflect.getMetadata(ROLES_METADATA, type),
          isPublic: (Reflect.getMetadata(PUBLIC_METADATA, fn) ?? Reflect.getMetadata(PUBLIC_METADATA, type)) !== undefined,
          handler: `${type.name}.${name}`,
        });
      }
    }
  }
  return routes;
}

describe('route access is fail-closed', () => {
  beforeAll(() => setLogLevel('silent'));
  const rig = appUnderTest(async (resources) => ({
    serviceName: 'tsunagu',
    bus: (url: string) => PostgresBus.open({ url, partitions: 1, lingerMs: 2 }),
    // identity writes the first admin's generated password into DATA_DIR
    modules: [...allInOneFeatures(resources.tempDir('route-access-'), [[IngestBrokerModule, IngestBrokerModule.register({ mqttPort: await freePort() })]]), UndeclaredModule],
  }));
  let routes: Route[];
  beforeAll(() => {
    routes = routesOf(rig.app);
  });

  const call = async (route: Route, token: string | null) =>
    (await fetch(`${rig.app.httpUrl}${route.path}`, { method: route.method, headers: token ? { authorization: `Bearer ${token}`, 'content-type': 'application/json' } : { 'content-type': 'application/json' }, body: route.method === 'GET' ? undefined : '{}' })).status;

  it('walks every route of every service (and declares each one)', () => {
    expect(routes.length).toBeGreaterThan(50);
    const undeclared = routes.filter((r) => !r.roles && !r.isPublic).map((r) => r.handler);
    expect(undeclared).toEqual(['UndeclaredController.open']);
    // what is public, on purpose
    expect(routes.filter((r) => r.isPublic).map((r) => r.handler).sort()).toEqual(['AuthController.login', 'AuthController.session', 'DashboardController.asset', 'DashboardController.page', 'HealthController.live', 'HealthController.ready']);
  });

  it('a route that declares neither roles nor public is refused, with or without a token', async () => {
    const route = routes.find((r) => r.handler === 'UndeclaredController.open')!;
    expect(await call(route, null)).toBe(403);
    expect(await call(route, TEST_TOKENS.admin)).toBe(403);
  });

  it('every non-public route answers 401 without a token and with an unknown one', async () => {
    const wrong: string[] = [];
    for (const route of routes.filter((r) => r.roles)) {
      for (const token of [null, 'not-a-token-of-this-platform-0000']) {
        const status = await call(route, token);
        if (status !== 401) wrong.push(`${route.method} ${route.path} (${route.handler}) ${token ? 'unknown token' : 'no token'}: ${status}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('every non-public route answers 403 to a role it does not allow', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of routes.filter((r) => r.roles)) {
      const outsider = API_ROLES.find((role) => role !== 'admin' && !route.roles!.includes(role));
      if (!outsider) continue;
      checked++;
      const status = await call(route, TEST_TOKENS[outsider]);
      if (status !== 403) wrong.push(`${route.method} ${route.path} (${route.handler}) as ${outsider}: ${status}`);
    }
    expect(wrong).toEqual([]);
    // every route has a role it refuses, but those for anyone signed in (@RequireSignedIn)
    const forAnyone = routes.filter((r) => r.roles && API_ROLES.every((role) => r.roles!.includes(role))).map((r) => r.handler);
    expect(forAnyone.sort()).toEqual(['AuthController.changePassword', 'AuthController.logout', 'ConsoleEventsController.events']);
    expect(checked).toBe(routes.filter((r) => r.roles).length - forAnyone.length);
  });

  it('readiness without a token shows the status only; probe details need an operator, monitor or admin token', async () => {
    const anonymous = await rig.app.request('GET', '/health', { role: null });
    expect(Object.keys(anonymous.body)).toEqual(['status']);
    const monitor = await rig.app.request('GET', '/health', { role: 'monitor' });
    expect(monitor.body.probes.length).toBeGreaterThan(0);
    expect((await rig.app.request('GET', '/health', { role: 'trading' })).body.probes).toBeUndefined();
    expect((await rig.app.request('GET', '/metrics', { role: null })).status).toBe(401);
    expect((await rig.app.request('GET', '/metrics', { role: 'monitor' })).status).toBe(200);
  });
});
