/**
 * The device's outbox: every reading is appended here before it is sent, and leaves
 * only when its PUBACK arrived. Entry ids increase by one per append and survive a
 * restart (the agent uses them as the telemetry `seq`).
 *
 * Unacked entries always form one contiguous id range `(ackedId, nextId)`: acks and
 * drops only ever advance the low watermark, so "entries after id X" is an index.
 */
export interface QueueEntry {
  readonly id: number;
  readonly topic: string;
  readonly payload: string;
  /** size of the entry on disk (its JSON line), bytes */
  readonly bytes: number;
}

/** What happens when an append would exceed the bounds. */
export const OVERFLOW_POLICIES = ['drop-oldest', 'refuse'] as const;
export type OverflowPolicy = (typeof OVERFLOW_POLICIES)[number];

export interface QueueLimits {
  /** max unacked entries kept */
  readonly maxEntries: number;
  /** max unacked bytes kept (sum of the JSON lines) */
  readonly maxBytes: number;
  readonly overflow: OverflowPolicy;
}

export const DEFAULT_QUEUE_LIMITS: QueueLimits = { maxEntries: 100_000, maxBytes: 64 * 1024 * 1024, overflow: 'drop-oldest' };

export interface QueueStats {
  readonly pending: number;
  readonly pendingBytes: number;
  readonly ackedId: number;
  readonly nextId: number;
  /** entries dropped (drop-oldest) or refused (refuse) since open */
  readonly dropped: number;
  readonly refused: number;
}

export interface AppendResult {
  readonly entry: QueueEntry | null;
  /** entries dropped to make room (drop-oldest), 0 otherwise */
  readonly dropped: number;
}

export interface OutboxQueue {
  open(): Promise<void>;
  /** the id the next append gets */
  readonly nextId: number;
  /** Appends an entry whose payload may embed its id; `entry: null` when refused (policy `refuse`). */
  append(topic: string, buildPayload: (id: number) => string): AppendResult;
  /** Up to `limit` unacked entries with an id greater than `afterId`, in id order. */
  entriesAfter(afterId: number, limit: number): QueueEntry[];
  /** The PUBACK for this entry arrived. Out-of-order acks are remembered until the gap closes. */
  ack(id: number): void;
  /** highest id below which everything is acked (or dropped) */
  readonly ackedId: number;
  stats(): QueueStats;
  close(): Promise<void>;
}

/** A queue limit was reached and the policy is `refuse`. */
export class QueueFullError extends Error {
  constructor(readonly limits: QueueLimits) {
    super(`device outbox is full (max ${limits.maxEntries} entries / ${limits.maxBytes} bytes, policy refuse)`);
    this.name = 'QueueFullError';
  }
}
