/**
 * What the chaos suite asks the running services, shared by every pair: `/health`,
 * the REST API with the admin token, a bounded wait for a condition, and JSON with
 * sorted keys for comparing stored state with the pure analysis.
 */
import type { ServiceProcess } from '../support/service-process';

export const ADMIN_TOKEN = 'chaos-admin-token-0123456789abcdef';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** /health's status, or null when nothing answers. */
export async function healthOf(p: ServiceProcess): Promise<number | null> {
  try {
    return (await fetch(`${p.url}/health`, { signal: AbortSignal.timeout(3000) })).status;
  } catch {
    return null;
  }
}

/** Polls /health until it says `expected` (or time is up); returns what it last said. */
export async function awaitHealth(p: ServiceProcess, expected: number | null, timeoutMs: number): Promise<number | null> {
  const deadline = Date.now() + timeoutMs;
  let seen = await healthOf(p);
  while (seen !== expected && Date.now() < deadline) {
    await sleep(250);
    seen = await healthOf(p);
  }
  return seen;
}

export async function api(p: ServiceProcess, method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The `items` of a 200 answer (anything else throws: the caller's `until` tries again). */
export async function itemsOf<T>(p: ServiceProcess, path: string): Promise<T[]> {
  const { status, body } = await api(p, 'GET', path);
  if (status !== 200) throw new Error(`GET ${path}: ${status}`);
  return body.items as T[];
}

/** Resolves with the probe's first defined value; throws once `timeoutMs` passed without one. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`chaos: timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** JSON with object keys sorted (jsonb keeps its own key order); keys `omit` matches are left out at every depth. */
export function canonical(v: unknown, omit?: RegExp): string {
  if (Array.isArray(v)) return `[${v.map((x) => canonical(x, omit)).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v)
      .filter((k) => !omit?.test(k))
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k], omit)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
