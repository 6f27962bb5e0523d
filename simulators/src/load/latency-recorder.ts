/**
 * Latency samples (ms) with percentiles: every sample up to `capacity`, then a
 * uniform reservoir, so a long run keeps bounded memory and unbiased percentiles.
 */
export class LatencyRecorder {
  private samples: number[] = [];
  private seen = 0;
  private maxSeen = 0;

  constructor(
    private readonly capacity = 200_000,
    private readonly random: () => number = Math.random,
  ) {}

  record(ms: number): void {
    this.seen += 1;
    if (ms > this.maxSeen) this.maxSeen = ms;
    if (this.samples.length < this.capacity) this.samples.push(ms);
    else {
      const j = Math.floor(this.random() * this.seen);
      if (j < this.capacity) this.samples[j] = ms;
    }
  }

  get count(): number {
    return this.seen;
  }

  get max(): number {
    return this.maxSeen;
  }

  /** nearest-rank percentile, p in [0, 100]; null without samples */
  percentile(p: number): number | null {
    if (this.samples.length === 0) return null;
    const sorted = [...this.samples].sort((a, b) => a - b);
    const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
    return sorted[rank]!;
  }

  reset(): void {
    this.samples = [];
    this.seen = 0;
    this.maxSeen = 0;
  }
}
