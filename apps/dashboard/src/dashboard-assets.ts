import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { DASHBOARD_CONTENT_TYPES, DASHBOARD_INDEX } from './dashboard.constants';

export interface DashboardAsset {
  readonly name: string;
  readonly body: Buffer;
  readonly contentType: string;
  /** strong validator: a hash of the content */
  readonly etag: string;
}

/** Where the page's files live in the source tree, relative to the repository root. */
const PUBLIC_DIR_IN_REPO = join('apps', 'dashboard', 'src', 'public');

/** Plain file names only: no separators, no leading dot, so no name can leave the folder. */
const SAFE_NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** The nearest folder at or above `from` that holds a package.json (the repository root). */
export function findRepoRoot(from: string): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * The folder holding index.html and its assets. `npm run build` copies only data
 * files (.json, .csv, …) into dist/, so the compiled module (dist/apps/dashboard/src)
 * has no public/ beside it: it falls back to the source folder, found from the
 * repository root (walking up from __dirname to the folder holding package.json;
 * dist/ holds none). From the source tree (tests, tsx, swc-node) the first candidate
 * already matches. The files carry no secrets and need no build step.
 */
export function resolvePublicDir(from: string = __dirname): string {
  const root = findRepoRoot(from);
  const candidates = [join(from, 'public'), ...(root ? [join(root, PUBLIC_DIR_IN_REPO)] : [])];
  const found = candidates.find((dir) => existsSync(join(dir, DASHBOARD_INDEX)));
  if (!found) throw new Error(`dashboard: no ${DASHBOARD_INDEX} in ${candidates.join(' or ')}`);
  return found;
}

/**
 * The dashboard's files, read once at start-up into memory. Requests are answered
 * by looking a name up in this map, never by building a file system path from the
 * URL, so `..`, encoded separators and absolute paths cannot reach other files.
 */
export class DashboardAssets {
  private readonly byName: ReadonlyMap<string, DashboardAsset>;

  constructor(readonly dir: string) {
    const byName = new Map<string, DashboardAsset>();
    for (const name of readdirSync(dir)) {
      const contentType = DASHBOARD_CONTENT_TYPES[extname(name).toLowerCase()];
      if (!contentType || !SAFE_NAME.test(name) || !statSync(join(dir, name)).isFile()) continue;
      const body = readFileSync(join(dir, name));
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      byName.set(name, { name, body, contentType, etag });
    }
    if (!byName.has(DASHBOARD_INDEX)) throw new Error(`dashboard: ${dir} has no ${DASHBOARD_INDEX}`);
    this.byName = byName;
  }

  get(name: string): DashboardAsset | null {
    return this.byName.get(name) ?? null;
  }

  get index(): DashboardAsset {
    return this.byName.get(DASHBOARD_INDEX)!;
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }
}
