/**
 * One error tree for the platform. Each error says whether retrying may help:
 * transient errors (a broker or database unreachable) are retried with backoff,
 * bad input is dead-lettered and skipped, anything else is a programmer error.
 */
export class TsunaguError extends Error {
  readonly retriable: boolean;

  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.retriable = options.retriable ?? false;
  }
}

/** A dependency is unavailable right now; retry later. */
export class TransientError extends TsunaguError {
  constructor(message: string, cause?: unknown) {
    super(message, { retriable: true, cause });
  }
}

/** The input can never be processed; dead-letter it with this reason and go on. */
export class BadInputError extends TsunaguError {
  constructor(
    readonly reason: 'malformed-json' | 'schema-violation' | 'payload-too-large' | 'unknown-channel' | 'processing-failed',
    message: string,
  ) {
    super(message, { retriable: false });
  }
}

/** The configuration is invalid; the process refuses to start. */
export class ConfigError extends TsunaguError {}

/**
 * PostgreSQL error classes that a retry can fix: serialization failure and
 * deadlock (40001, 40P01), connection exceptions (08…), insufficient resources
 * (53…: too many connections, out of memory or disk), operator intervention
 * (57P01–57P05: admin shutdown, crash shutdown, cannot connect now).
 */
const RETRIABLE_SQLSTATE = /^(40001|40P01|08...|53...|57P0[1-5])$/;

/** Node socket errors. */
const RETRIABLE_NODE_CODE = /^(ECONNREFUSED|ECONNRESET|ECONNABORTED|ETIMEDOUT|EPIPE|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ENOTFOUND)$/;

/** Errors pg and its pool raise without a code when the server goes away. */
const RETRIABLE_MESSAGE = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|terminating connection|the database system is (starting up|shutting down)|Cannot use a pool after calling end/i;

/** Classifies an unknown error caught at a boundary. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof TsunaguError) return err.retriable;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return false;
  const e = err as { retriable?: unknown; code?: unknown; message?: unknown; driverError?: unknown } | null;
  if (!e) return false;
  if (typeof e.retriable === 'boolean') return e.retriable;
  if (typeof e.code === 'string' && (RETRIABLE_SQLSTATE.test(e.code) || RETRIABLE_NODE_CODE.test(e.code))) return true;
  if (typeof e.message === 'string' && RETRIABLE_MESSAGE.test(e.message)) return true;
  if (e.driverError && e.driverError !== err) return isRetriable(e.driverError);
  return false;
}

/** A database error as the platform's tree: retriable ones become TransientError (cause kept). */
export function classifyDatabaseError(err: unknown): unknown {
  if (err instanceof TsunaguError) return err;
  if (isRetriable(err)) return new TransientError(`database unavailable: ${(err as Error).message}`, err);
  return err;
}

/** PostgreSQL's unique_violation SQLSTATE. */
export const PG_UNIQUE_VIOLATION = '23505';

/**
 * Runs `work`; a unique violation (another instance wrote the same key at the same
 * time, e.g. two consumers sharing a partition during a rebalance) becomes a
 * TransientError with `reason`, so the batch is retried and then sees the other's row.
 */
export async function retryingUniqueViolations<R>(reason: string, work: () => Promise<R>): Promise<R> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: unknown } | null)?.code === PG_UNIQUE_VIOLATION) throw new TransientError(reason, err);
    throw err;
  }
}
