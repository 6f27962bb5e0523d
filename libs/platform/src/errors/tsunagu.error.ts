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

/** Classifies an unknown error caught at a boundary. */
export function isRetriable(err: unknown): boolean {
  if (err instanceof TsunaguError) return err.retriable;
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError) return false;
  const e = err as { retriable?: unknown; code?: unknown } | null;
  if (e && typeof e.retriable === 'boolean') return e.retriable;
  // node socket errors and pg connection errors are transient
  if (e && typeof e.code === 'string' && /^(ECONN|ETIMEDOUT|EPIPE|EAI_AGAIN|57P0|08)/.test(e.code)) return true;
  return false;
}
