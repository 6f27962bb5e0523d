/**
 * A circuit breaker for one upstream: after `failures` failures in a row it opens
 * for `openMs` (callers answer "unavailable" at once instead of waiting on a dead
 * service), then lets one trial call through (half-open): a success closes it, a
 * failure opens it again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trial = false;

  constructor(
    private readonly failures: number,
    private readonly openMs: number,
  ) {}

  get state(): 'closed' | 'open' | 'half-open' {
    if (this.openUntil === 0) return 'closed';
    return Date.now() < this.openUntil ? 'open' : 'half-open';
  }

  /** Whether a call may go now (in half-open, only one at a time). */
  allow(now = Date.now()): boolean {
    if (this.openUntil === 0) return true;
    if (now < this.openUntil || this.trial) return false;
    this.trial = true;
    return true;
  }

  success(): void {
    this.consecutive = 0;
    this.openUntil = 0;
    this.trial = false;
  }

  failure(now = Date.now()): void {
    this.trial = false;
    this.consecutive += 1;
    if (this.consecutive >= this.failures) this.openUntil = now + this.openMs;
  }
}
