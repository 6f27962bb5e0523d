import { z } from 'zod';
import { envTypes } from '@tsunagu/platform';
import { DEFAULT_UPSTREAMS } from './gateway.constants';

/** The gateway's settings, from the environment (validated once, at start-up). */
export const gatewayEnv = z.object({
  /** `prefix=url` pairs, comma separated: requests under `/<prefix>` go to that upstream (default: the docker-compose services) */
  GATEWAY_UPSTREAMS: z.string().min(1).default(DEFAULT_UPSTREAMS),
  /** ms an upstream may take to answer before the call counts as failed (503) */
  GATEWAY_UPSTREAM_TIMEOUT_MS: envTypes.positiveInt.default(5000),
  /** failures in a row (refused connection, timeout, 502–504) that open an upstream's breaker */
  GATEWAY_BREAKER_FAILURES: envTypes.positiveInt.default(3),
  /** ms an open breaker answers 503 at once before one trial call goes through */
  GATEWAY_BREAKER_OPEN_MS: envTypes.positiveInt.default(10_000),
});

export interface Upstream {
  /** the first path segment it serves (`work-orders`) */
  readonly prefix: string;
  readonly url: string;
}

export interface GatewayOptions {
  readonly upstreams: readonly Upstream[];
  readonly timeoutMs: number;
  readonly breakerFailures: number;
  readonly breakerOpenMs: number;
  /** GATEWAY_PRINCIPAL_SECRET (from the platform's environment): without it, sessions are not delegated */
  readonly principalSecret: string | null;
}

export function parseUpstreams(spec: string): Upstream[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const prefix = pair.slice(0, at).replace(/^\/+|\/+$/g, '');
      const url = pair.slice(at + 1);
      if (at <= 0 || !/^[\w-]+$/.test(prefix) || !/^https?:\/\/[^/]+$/.test(url)) throw new RangeError(`GATEWAY_UPSTREAMS: ${pair} is not prefix=http(s)://host:port`);
      return { prefix, url };
    });
}

export function gatewayOptionsFromEnv(env: z.infer<typeof gatewayEnv>): GatewayOptions {
  return {
    upstreams: parseUpstreams(env.GATEWAY_UPSTREAMS),
    timeoutMs: env.GATEWAY_UPSTREAM_TIMEOUT_MS,
    breakerFailures: env.GATEWAY_BREAKER_FAILURES,
    breakerOpenMs: env.GATEWAY_BREAKER_OPEN_MS,
    principalSecret: null,
  };
}
