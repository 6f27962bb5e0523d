import { execFile } from 'node:child_process';

/**
 * Runs a bench script again as a child process (same Node flags, `env` added) and
 * returns the JSON of the last line it prints on stdout (`reportToParent`); its stderr
 * (progress lines) passes through. A bench runs each peer this way so that every peer
 * is measured in a fresh process, as it would be deployed: peers measured one after
 * another in one process taxed the later ones (bench:ingest, 2026-12-04: Tsunagu alone
 * 21 428 msg/s at 47 µs of broker CPU per message, third in the shared process 11 655
 * at 64 µs, minutes apart).
 */
export function inOwnProcess<T>(script: string, env: Record<string, string>, label: string): Promise<T> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(process.execPath, [...process.execArgv, script], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(new Error(`${label} failed: ${err.message}`));
      try {
        resolvePromise(JSON.parse(stdout.trim().split('\n').pop()!) as T);
      } catch {
        reject(new Error(`${label} printed no result line`));
      }
    });
    child.stderr?.pipe(process.stderr);
  });
}

/** The child's side of `inOwnProcess`: its result, as the last line on stdout. */
export function reportToParent(result: unknown): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
