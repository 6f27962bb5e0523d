/**
 * Slows down credential guessing and scrypt-burning floods (MQTT CONNECTs of the
 * ingest broker, operators' logins): once a key (a peer address) has failed
 * `maxFailures` times within `windowMs`, its attempts are refused for `blockMs`
 * without checking the password (no database read, no scrypt). Keys are peer
 * addresses, not device ids or user names, so an attacker cannot lock a real
 * device or operator out by failing in its name.
 */
export class AuthFailureLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  constructor(
    private readonly maxFailures: number,
    private readonly windowMs: number,
    private readonly blockMs: number,
    private readonly maxTracked = 100_000,
  ) {}

  get enabled(): boolean {
    return this.maxFailures > 0;
  }

  /** True while the address is blocked. */
  isBlocked(key: string, now: number): boolean {
    const until = this.blockedUntil.get(key);
    if (until === undefined) return false;
    if (until > now) return true;
    this.blockedUntil.delete(key);
    return false;
  }

  /** Records a failure; true when this one starts a block. */
  recordFailure(key: string, now: number): boolean {
    if (!this.enabled) return false;
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    recent.push(now);
    if (recent.length >= this.maxFailures) {
      this.failures.delete(key);
      this.blockedUntil.set(key, now + this.blockMs);
      return true;
    }
    // bounded memory under a flood from many addresses: forget the oldest tracked one
    if (!this.failures.has(key) && this.failures.size >= this.maxTracked) {
      const oldest = this.failures.keys().next().value;
      if (oldest !== undefined) this.failures.delete(oldest);
    }
    this.failures.set(key, recent);
    return false;
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }
}

/** The address part of `host:port` (IPv6 hosts keep their colons). */
export function hostOf(remote: string): string {
  return remote.replace(/:\d*$/, '');
}
