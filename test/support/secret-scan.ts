/**
 * Secrets never reach a log line (issue 12). Every medium, integration and end-to-end
 * test file reads all the platform's log lines at every level (a tap on the logger,
 * whatever level the run prints) and, once the file is done, looks in them for every
 * secret the file made or was given: the harness's API tokens, each secret, password
 * or token a test sent in a request body or got back in a response, and whatever a
 * test names with `rememberSecret`. A hit fails the file, naming the line.
 */
import { addLogTap } from '@tsunagu/platform';

/** shorter values are too likely to occur in a line by chance (and are not secrets we make) */
const MIN_SECRET_LENGTH = 12;
const SECRET_KEY = /secret|password|token|passphrase/i;
/** a bound on memory in a long file; lines past it are still scanned for secrets known by then */
const MAX_LINES = 200_000;

const secrets = new Set<string>();
const lines: string[] = [];
const leaks = new Map<string, string>();

export function rememberSecret(...values: readonly (string | undefined | null)[]): void {
  for (const v of values) if (typeof v === 'string' && v.length >= MIN_SECRET_LENGTH) secrets.add(v);
}

/** Remembers every string under a secret-looking key anywhere in a request or response body. */
export function rememberSecretsIn(body: unknown, depth = 0): void {
  if (depth > 8 || body === null || typeof body !== 'object') return;
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && SECRET_KEY.test(key)) rememberSecret(value);
    else if (typeof value === 'object') rememberSecretsIn(value, depth + 1);
  }
}

function scan(line: string): void {
  for (const s of secrets) if (!leaks.has(s) && line.includes(s)) leaks.set(s, line);
}

/** Starts reading the log (once per test file). */
export function installSecretScan(): void {
  addLogTap((line) => {
    if (lines.length < MAX_LINES) lines.push(line);
    else scan(line);
  });
}

/** The lines that carried a secret so far, with the secret masked (for the failure message); forgets them. */
export function takeSecretLeaks(): string[] {
  for (const line of lines) scan(line);
  lines.length = 0;
  const found = [...leaks].map(([s, line]) => line.split(s).join(`<secret ${s.slice(0, 3)}…>`));
  leaks.clear();
  return found;
}
