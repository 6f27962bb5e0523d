/**
 * What every benchmark reads and prints the same way: its sizes from BENCH_<NAME>
 * environment variables (a default each; a value that is not a number ≥ 0
 * stops the run before it measures anything), its log lines on stderr, and
 * rates as whole numbers with thousands separators.
 */

/** `defaults` with each key read from BENCH_<KEY> where it is set. */
export function benchSizes<K extends string>(defaults: Record<K, number>): Record<K, number> {
  const sizes = { ...defaults };
  for (const key of Object.keys(defaults) as K[]) {
    const raw = process.env[`BENCH_${key}`];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`BENCH_${key}=${raw}: a number ≥ 0, please`);
    sizes[key] = value;
  }
  return sizes;
}

/** Writes `[bench:<name>] msg` to stderr (stdout carries the figures). */
export function benchLog(name: string): (msg: string) => boolean {
  return (msg) => process.stderr.write(`[bench:${name}] ${msg}\n`);
}

/** A rate or a count as a whole number, `12,345`. */
export const fmt = (x: number): string => Math.round(x).toLocaleString('en-US');

/**
 * A record system's input: `count / 2` problems, each `kinds[p % kinds.length]` of
 * subject `<subjectPrefix><p / kinds.length>`, reported twice (round 0, then round 1
 * `roundGapMs` later), so that half of the records open something and half attach
 * to what the first opened; `make` builds one record.
 */
export function reportedTwice<K, T>(
  count: number,
  options: { readonly kinds: readonly K[]; readonly subjectPrefix: string; readonly t0: number; readonly roundGapMs: number },
  make: (problem: { readonly subject: string; readonly kind: K; readonly ts: number; readonly round: 0 | 1; readonly index: number }) => T,
): T[] {
  const problems = Math.max(1, Math.floor(count / 2));
  const { kinds, subjectPrefix, t0, roundGapMs } = options;
  const out: T[] = [];
  for (const round of [0, 1] as const) {
    for (let index = 0; index < problems; index++) {
      const subject = `${subjectPrefix}${Math.floor(index / kinds.length)}`;
      out.push(make({ subject, kind: kinds[index % kinds.length]!, ts: t0 + round * roundGapMs + index, round, index }));
    }
  }
  return out;
}
