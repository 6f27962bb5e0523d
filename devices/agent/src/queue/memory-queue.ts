import {
  DEFAULT_QUEUE_LIMITS,
  type AppendResult,
  type OutboxQueue,
  type QueueEntry,
  type QueueLimits,
  type QueueStats,
} from './outbox-queue';

/**
 * The unacked range of an outbox, in memory: a deque of entries with increasing ids,
 * bounded by count and bytes. The disk queue adds persistence around it; used alone
 * it is the outbox of short-lived simulated devices (nothing survives a restart).
 */
export class MemoryQueue implements OutboxQueue {
  protected entries: QueueEntry[] = [];
  /** index of the first live entry in `entries` (avoids O(n) shifts) */
  protected head = 0;
  protected pendingBytes = 0;
  protected acked = 0;
  protected next = 1;
  /** acks that arrived before the entries in front of them */
  private readonly earlyAcks = new Set<number>();
  protected dropped = 0;
  protected refused = 0;

  constructor(protected readonly limits: QueueLimits = DEFAULT_QUEUE_LIMITS) {}

  async open(): Promise<void> {}

  get nextId(): number {
    return this.next;
  }

  get ackedId(): number {
    return this.acked;
  }

  append(topic: string, buildPayload: (id: number) => string): AppendResult {
    const id = this.next;
    const payload = buildPayload(id);
    const bytes = Buffer.byteLength(lineOf(id, topic, payload)) + 1;
    let dropped = 0;
    while (this.size() > 0 && (this.size() + 1 > this.limits.maxEntries || this.pendingBytes + bytes > this.limits.maxBytes)) {
      if (this.limits.overflow === 'refuse') {
        this.refused += 1;
        return { entry: null, dropped: 0 };
      }
      this.dropHead();
      dropped += 1;
    }
    const entry: QueueEntry = { id, topic, payload, bytes };
    this.persistAppend(entry);
    this.next = id + 1;
    this.entries.push(entry);
    this.pendingBytes += bytes;
    if (dropped > 0) this.watermarkMoved();
    return { entry, dropped };
  }

  entriesAfter(afterId: number, limit: number): QueueEntry[] {
    // ids increase (contiguous but for entries a damaged disk line lost): the first one above afterId, by bisection
    let lo = this.head;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.entries[mid]!.id <= afterId) lo = mid + 1;
      else hi = mid;
    }
    return this.entries.slice(lo, lo + limit);
  }

  ack(id: number): void {
    if (id <= this.acked || id >= this.next) return;
    this.earlyAcks.add(id);
    let moved = false;
    while (this.size() > 0 && this.earlyAcks.has(this.entries[this.head]!.id)) {
      this.earlyAcks.delete(this.entries[this.head]!.id);
      this.removeHead();
      moved = true;
    }
    if (moved) this.watermarkMoved();
  }

  stats(): QueueStats {
    return {
      pending: this.size(),
      pendingBytes: this.pendingBytes,
      ackedId: this.acked,
      nextId: this.next,
      dropped: this.dropped,
      refused: this.refused,
    };
  }

  async close(): Promise<void> {}

  protected size(): number {
    return this.entries.length - this.head;
  }

  /** Loads entries recovered from storage (ids > ackedId, increasing). */
  protected restore(ackedId: number, entries: QueueEntry[]): void {
    this.acked = ackedId;
    this.entries = entries;
    this.head = 0;
    this.pendingBytes = entries.reduce((sum, e) => sum + e.bytes, 0);
    this.next = Math.max(ackedId, entries.length > 0 ? entries[entries.length - 1]!.id : 0) + 1;
  }

  /** hook: the entry is about to join the queue */
  protected persistAppend(_entry: QueueEntry): void {}

  /** hook: the acked watermark advanced */
  protected watermarkMoved(): void {}

  private dropHead(): void {
    this.earlyAcks.delete(this.entries[this.head]!.id);
    this.removeHead();
    this.dropped += 1;
  }

  private removeHead(): void {
    const entry = this.entries[this.head]!;
    this.pendingBytes -= entry.bytes;
    this.acked = entry.id;
    this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
  }
}

/** One JSON line of the on-disk segment (without the newline). */
export function lineOf(id: number, topic: string, payload: string): string {
  return JSON.stringify({ id, topic, payload });
}
