import type { BatchingProducer } from './batching-producer';
import type { OutgoingMessage } from './message-bus';
import { partitionOf } from './partitioner';

/**
 * Several produce requests in flight with per-key order kept. kafkajs' idempotent
 * producer holds a lock per broker around its sequence numbers, so one producer
 * has one request in flight per broker and every record waits for the request
 * before it (on a one-broker box: one Kafka round trip per batch, whatever the
 * load). Lanes are independent producers, each idempotent with its own batching
 * and one request in flight; a key always takes the same lane, so its records
 * reach Kafka in the order they were sent, while the lanes' requests overlap.
 */
export class ProducerLanes {
  constructor(private readonly lanes: readonly BatchingProducer[]) {
    if (lanes.length === 0) throw new RangeError('ProducerLanes needs at least one lane');
  }

  /** The lane of a key (null keys share lane 0). */
  laneOf(key: string | null): number {
    return partitionOf(key, this.lanes.length);
  }

  /** Resolves once Kafka acknowledged every one of `messages`. */
  send(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.lanes.length === 1) return this.lanes[0]!.send(topic, messages);
    if (messages.length === 1) return this.lanes[this.laneOf(messages[0]!.key)]!.send(topic, messages);
    const byLane = new Map<number, OutgoingMessage[]>();
    for (const m of messages) {
      const lane = this.laneOf(m.key);
      const list = byLane.get(lane);
      if (list) list.push(m);
      else byLane.set(lane, [m]);
    }
    return Promise.all([...byLane].map(([lane, list]) => this.lanes[lane]!.send(topic, list))).then(() => undefined);
  }

  /** Records waiting for Kafka (queued or in flight) in every lane. */
  get pendingCount(): number {
    return this.lanes.reduce((n, lane) => n + lane.pendingCount, 0);
  }

  get healthy(): boolean {
    return this.lanes.every((lane) => lane.healthy);
  }

  get lastFailure(): string | null {
    return this.lanes.find((lane) => lane.lastFailure !== null)?.lastFailure ?? null;
  }

  async close(): Promise<void> {
    await Promise.all(this.lanes.map((lane) => lane.close()));
  }
}
