/**
 * Simulated time: starts at `simStart` and runs `speed` times faster than the wall
 * clock (speed 1 = real time). Readings carry simulated time; the ground truth
 * records both, so detection delays can be measured in either.
 */
export class SimClock {
  readonly wallStart: number;

  constructor(
    readonly simStart: number,
    readonly speed: number,
    private readonly wallNow: () => number = Date.now,
  ) {
    this.wallStart = wallNow();
  }

  now(): number {
    return this.simStart + (this.wallNow() - this.wallStart) * this.speed;
  }

  /** wall-clock epoch ms at which simulated time reaches `sim` */
  wallAt(sim: number): number {
    return this.wallStart + (sim - this.simStart) / this.speed;
  }

  /** waits until simulated time reaches `sim` (at once when it already has) */
  async until(sim: number, signal?: AbortSignal): Promise<void> {
    const waitMs = this.wallAt(sim) - this.wallNow();
    if (waitMs <= 0 || signal?.aborted) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, waitMs);
      function done() {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}
