/**
 * Per-device limits on an authenticated session (credential guessing is the
 * per-address limiter's job): a token bucket for PUBLISHes (`ratePerSecond`
 * refills, `burst` is the bucket) and a sliding minute for successful CONNECTs.
 * Keys are device ids, so one device over its rate costs no other device
 * anything. 0 turns a limit off.
 */
export class DeviceRateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly connects = new Map<string, number[]>();

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    private readonly connectsPerMinute: number,
    private readonly maxTracked = 200_000,
  ) {}

  /** Takes one PUBLISH from the device's bucket; false when it is empty. */
  takePublish(deviceId: string, now: number): boolean {
    if (this.ratePerSecond <= 0) return true;
    const bucket = this.buckets.get(deviceId) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.ratePerSecond);
    bucket.at = now;
    if (!this.buckets.has(deviceId)) this.bounded(this.buckets).set(deviceId, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Counts a CONNECT whose credentials held; false when the device connected too often within the last minute. */
  allowConnect(deviceId: string, now: number): boolean {
    if (this.connectsPerMinute <= 0) return true;
    const recent = (this.connects.get(deviceId) ?? []).filter((t) => t > now - 60_000);
    if (recent.length >= this.connectsPerMinute) return false;
    recent.push(now);
    if (!this.connects.has(deviceId)) this.bounded(this.connects);
    this.connects.set(deviceId, recent);
    return true;
  }

  /** Bounded memory: forget the oldest tracked device first. */
  private bounded<V>(map: Map<string, V>): Map<string, V> {
    if (map.size >= this.maxTracked) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    return map;
  }
}
