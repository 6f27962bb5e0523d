import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on every Linux build that matters). */
const TICK_MS = 10;

function statOf(pid: number): { comm: string; ppid: number; cpuMs: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const close = stat.lastIndexOf(')');
    const fields = stat.slice(close + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, close), ppid: Number(fields[1]), cpuMs: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
  } catch {
    return null;
  }
}

/** CPU ms of another process so far (utime + stime of /proc/<pid>/stat); null when unreadable. */
export function cpuMsOf(pid: number | undefined): number | null {
  return pid === undefined ? null : (statOf(pid)?.cpuMs ?? null);
}

/**
 * CPU ms so far of every live process below `root` whose command is `comm` (e.g. the
 * `postgres` server processes an embedded PostgreSQL forked): a process that already
 * exited no longer counts, so long-lived ones (pooled connections) are what it sees.
 */
export function descendantsCpuMs(root: number, comm: string): number {
  const procs = new Map<number, { comm: string; ppid: number; cpuMs: number }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const s = statOf(Number(name));
    if (s) procs.set(Number(name), s);
  }
  const below = (pid: number): boolean => {
    for (let p = procs.get(pid)?.ppid, hops = 0; p !== undefined && p > 1 && hops < 64; p = procs.get(p)?.ppid, hops++) if (p === root) return true;
    return false;
  };
  let ms = 0;
  for (const [pid, s] of procs) if (s.comm === comm && below(pid)) ms += s.cpuMs;
  return ms;
}
