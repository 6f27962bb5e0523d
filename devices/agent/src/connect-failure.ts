/**
 * Classifies why a device could not connect (or lost its connection), so the agent
 * can say it in one line and pick the right backoff.
 */
export type ConnectFailureKind = 'credentials' | 'unreachable' | 'refused' | 'protocol' | 'tls';

export interface ConnectFailure {
  readonly kind: ConnectFailureKind;
  /** one line for an operator, no stack */
  readonly message: string;
}

/** MQTT 3.1.1 CONNACK return codes [MQTT-3.2.2.3] and their MQTT 5 reason codes. */
const CONNACK_REASONS: Record<number, string> = {
  1: 'unacceptable protocol version',
  2: 'client identifier rejected',
  3: 'server unavailable',
  4: 'bad user name or password',
  5: 'not authorized',
  134: 'bad user name or password',
  135: 'not authorized',
};

const CREDENTIAL_CODES = new Set([4, 5, 134, 135]);

/** node's certificate and TLS error codes */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|HOSTNAME_MISMATCH/;

export function classifyConnectError(err: unknown, url: string): ConnectFailure {
  const e = err as { code?: unknown; message?: unknown } | null;
  const code = e?.code;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if (typeof code === 'number') {
    const reason = CONNACK_REASONS[code] ?? message;
    if (CREDENTIAL_CODES.has(code)) {
      return { kind: 'credentials', message: `the platform at ${url} refused the device's credentials (CONNACK ${code}: ${reason})` };
    }
    return { kind: code === 3 ? 'refused' : 'protocol', message: `the platform at ${url} refused the connection (CONNACK ${code}: ${reason})` };
  }
  if (typeof code === 'string' && TLS_CODES.test(code)) {
    return { kind: 'tls', message: `the TLS handshake with ${url} failed (${code}); check the CA file (--ca-file / DEVICE_CA_FILE)` };
  }
  if (typeof code === 'string') {
    return { kind: 'unreachable', message: `the platform at ${url} is unreachable (${code}${hostDetail(message)})` };
  }
  return { kind: 'unreachable', message: `the connection to ${url} failed: ${message}` };
}

function hostDetail(message: string): string {
  const m = /(\d{1,3}(?:\.\d{1,3}){3}:\d+|\[[^\]]+\]:\d+)/.exec(message);
  return m ? ` ${m[1]}` : '';
}

/** Backoff bounds per failure kind: wrong credentials never retry faster than every 2 s. */
export const BACKOFF_BY_KIND: Record<ConnectFailureKind, { baseMs: number; maxMs: number }> = {
  credentials: { baseMs: 2000, maxMs: 120_000 },
  protocol: { baseMs: 5000, maxMs: 300_000 },
  tls: { baseMs: 5000, maxMs: 300_000 },
  refused: { baseMs: 1000, maxMs: 60_000 },
  unreachable: { baseMs: 500, maxMs: 30_000 },
};

/** Exponential backoff with jitter in [ceiling/2, ceiling], ceiling = min(max, base·2^attempt). */
export function reconnectDelay(kind: ConnectFailureKind, attempt: number, random: () => number = Math.random): number {
  const { baseMs, maxMs } = BACKOFF_BY_KIND[kind];
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 20));
  return Math.floor(ceiling / 2 + random() * (ceiling / 2));
}
