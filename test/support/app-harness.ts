/**
 * Starts real Nest apps for integration tests: the given feature modules on top of
 * the platform core, on a free HTTP port, with a real bus and database.
 */
import type { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestLoggerAdapter, PlatformCoreModule, ServiceKernel, parseApiTokens, type Clock, type KernelSettings, type MessageBus } from '@tsunagu/platform';
import { freePort } from './kafka-broker';
import { rememberSecret, rememberSecretsIn } from './secret-scan';

/** Tokens every harness app accepts, one per role. */
export const TEST_TOKENS = {
  admin: 'test-admin-token-0123456789',
  operator: 'test-operator-token-0123456789',
  maintenance: 'test-maintenance-token-0123456789',
  callcentre: 'test-callcentre-token-0123456789',
  trading: 'test-trading-token-0123456789',
  dispatch: 'test-dispatch-token-0123456789',
  publisher: 'test-publisher-token-0123456789',
  monitor: 'test-monitor-token-0123456789',
} as const;
rememberSecret(...Object.values(TEST_TOKENS));

export interface RunningApp {
  readonly app: INestApplication;
  readonly httpUrl: string;
  /** fetch against the app with a role's bearer token (the body is loosely typed: tests assert on it) */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  request(method: string, path: string, options?: { body?: unknown; role?: keyof typeof TEST_TOKENS | null }): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startApp(options: {
  serviceName: string;
  bus: MessageBus;
  databaseUrl: string;
  modules: ReadonlyArray<Type | DynamicModule>;
  /** the wall clock of every service's jobs and rules (a ManualClock in tests that move time) */
  clock?: Clock;
  settings?: Partial<KernelSettings>;
  /** the key of principals a gateway delegates (GATEWAY_PRINCIPAL_SECRET) */
  gatewaySecret?: string;
}): Promise<RunningApp> {
  const apiTokens = parseApiTokens(Object.entries(TEST_TOKENS).map(([role, token]) => `${role}:${token}`).join(','));
  @Module({
    imports: [
      PlatformCoreModule.forRoot({ serviceName: options.serviceName, bus: options.bus, databaseUrl: options.databaseUrl, apiTokens, clock: options.clock, settings: options.settings, gatewaySecret: options.gatewaySecret }),
      ...options.modules,
    ],
  })
  class TestRootModule {}
  const app = await NestFactory.create(TestRootModule, { logger: new NestLoggerAdapter() });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  // services start consuming in the background (HTTP answers first); tests start once every consumer runs
  await Promise.all(app.get(ServiceKernel, { each: true, strict: false }).map((k) => k.ready()));
  const httpUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    httpUrl,
    request: async (method, path, { body, role = 'admin' } = {}) => {
      rememberSecretsIn(body);
      const res = await fetch(`${httpUrl}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(role ? { authorization: `Bearer ${TEST_TOKENS[role]}` } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // plain-text body (e.g. /metrics)
      }
      rememberSecretsIn(parsed);
      return { status: res.status, body: parsed };
    },
    close: () => app.close(),
  };
}
