import { AsyncLocalStorage } from 'node:async_hooks';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

interface LogContext {
  readonly correlationId?: string;
}

const context = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with a correlation id that every log line inside it carries. */
export function withCorrelationId<T>(correlationId: string, fn: () => T): T {
  return context.run({ correlationId }, fn);
}

export function currentCorrelationId(): string | undefined {
  return context.getStore()?.correlationId;
}

let holds = 0;

/**
 * Keeps correlation ids flowing until the returned release is called (an HTTP request
 * until its response has gone; releasing twice is once). When the last hold is
 * released the storage is switched off until the next `withCorrelationId`: on Node 20
 * an enabled AsyncLocalStorage runs a hook on every promise the process creates, and
 * after one REST request the ingest broker's MQTT path paid it on every message (broker
 * CPU per message 41–45 µs without it, 46–49 µs with it, three pairs on 2026-12-04).
 * Work a request leaves running after its response logs without the id.
 */
export function holdCorrelationIds(): () => void {
  holds++;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--holds === 0) context.disable();
  };
}

let globalLevel: LogLevel = 'info';
let sink: (line: string) => void = (line) => process.stdout.write(line + '\n');

export function setLogLevel(level: LogLevel): void {
  globalLevel = level;
}

/** Replaces the output (tests capture lines with it). */
export function setLogSink(next: (line: string) => void): void {
  sink = next;
}

const taps = new Set<(line: string) => void>();

/**
 * Adds a reader of every line at every level, whatever the level set (the test
 * suite scans all of them for the secrets it created); returns its removal.
 */
export function addLogTap(tap: (line: string) => void): () => void {
  taps.add(tap);
  return () => void taps.delete(tap);
}

/** Keys whose values are never written to a log line. */
const SECRET_KEYS = /pass(word)?|secret|token|authorization|credential/i;

function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (SECRET_KEYS.test(key)) out[key] = '[redacted]';
    else if (value instanceof Error) out[key] = { name: value.name, message: value.message };
    else out[key] = value;
  }
  return out;
}

/** A namespaced JSON logger writing one object per line to stdout. */
export class Logger {
  constructor(readonly namespace: string) {}

  child(suffix: string): Logger {
    return new Logger(`${this.namespace}.${suffix}`);
  }

  debug(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields: Record<string, unknown> = {}): void {
    this.write('error', msg, fields);
  }

  isEnabled(level: LogLevel): boolean {
    return RANK[level] >= RANK[globalLevel];
  }

  private write(level: LogLevel, msg: string, fields: Record<string, unknown>): void {
    const enabled = this.isEnabled(level);
    if (!enabled && taps.size === 0) return;
    const correlationId = currentCorrelationId();
    const line = JSON.stringify({
      time: new Date().toISOString(),
      level,
      ns: this.namespace,
      msg,
      ...(correlationId ? { correlationId } : {}),
      ...redact(fields),
    });
    if (enabled) sink(line);
    for (const tap of taps) tap(line);
  }
}

export function createLogger(namespace: string): Logger {
  return new Logger(namespace);
}
