/** A rate measured in timed passes: median and spread, items per second. */
export interface Rate {
  readonly median: number;
  readonly min: number;
  readonly max: number;
}

/**
 * `rounds` timed passes of `work` over `n` items after a warm-up pass (JIT), each
 * as items per second: the median is the figure a benchmark reports, min and max
 * show how much the shared machine moved it.
 */
export function measureRate(n: number, rounds: number, work: (i: number) => void): Rate {
  for (let i = 0; i < Math.min(n, 20_000); i++) work(i);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) work(i);
    rates.push(n / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return { median: Math.round(rates[Math.floor(rates.length / 2)]!), min: Math.round(rates[0]!), max: Math.round(rates[rates.length - 1]!) };
}
