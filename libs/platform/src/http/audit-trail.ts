import type { Principal } from './principal';

/** One operator's or machine's action on the REST API, as the audit trail keeps it. */
export interface AuditEntry {
  readonly at: Date;
  /** the principal's name (`token:<role>` or a user name); `anonymous` before sign-in */
  readonly actor: string;
  readonly actorKind: Principal['kind'] | 'anonymous';
  readonly roles: readonly string[];
  /** `POST /work-orders/:id/transitions`: the route as declared */
  readonly action: string;
  /** the path as called (which record) */
  readonly path: string;
  /** the request body, secrets removed (see `redactSecrets`) */
  readonly body: unknown;
  /** `done` (2xx) or `refused` (the handler threw: 4xx/5xx) */
  readonly outcome: 'done' | 'refused';
  /** the HTTP status when known here (a module's coded exception gets its status from its filter later: null) */
  readonly status: number | null;
  /** why it was refused: the module's error code (`INVALID_TRANSITION`) or the error's name */
  readonly error: string | null;
  /** where from (the client address as the server sees it) */
  readonly ip: string | null;
}

/** Where audit entries are kept (the identity module's hash-chained table). */
export interface AuditSink {
  append(entry: AuditEntry): Promise<void>;
}

const SECRET_KEYS = /pass(word)?|secret|token|^current$|^next$/i;

/** A body without its secrets: fields named like passwords, secrets or tokens become `[redacted]`. */
export function redactSecrets(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSecrets(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.test(k) ? '[redacted]' : redactSecrets(v, depth + 1)]));
}

/** JSON with object keys sorted at every level, so the same value always hashes the same (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  return `{${Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
    .join(',')}}`;
}
