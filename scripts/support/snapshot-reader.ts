import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Snapshot {
  /** a file of the data set, as text */
  read(path: string): string;
  /** the commit it was read at ('unknown' when that cannot be told) */
  revision(): string;
}

/**
 * The public data set's snapshot named by the program's first argument: a
 * checkout, or a git directory (what the tool library's `fetch` brings: read at
 * HEAD). Without the argument the program prints `usage` and exits with 2.
 */
export function snapshotFromArgs(usage: string): Snapshot {
  const snapshot = process.argv[2];
  if (!snapshot) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  const gitDir = existsSync(resolve(snapshot, 'HEAD')) && existsSync(resolve(snapshot, 'objects'));
  const git = (...args: string[]): string => execFileSync('git', ['--git-dir', gitDir ? snapshot : resolve(snapshot, '.git'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return {
    read: (path) => (gitDir ? git('show', `HEAD:${path}`) : readFileSync(resolve(snapshot, path), 'utf8')),
    revision: () => {
      try {
        return git('rev-parse', 'HEAD').trim();
      } catch {
        return 'unknown';
      }
    },
  };
}
