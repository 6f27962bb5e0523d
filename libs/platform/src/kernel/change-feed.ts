/** A service committed something: its records may have changed. */
export interface ChangeEvent {
  /** the service name (its ServiceDefinition's) */
  readonly service: string;
  /** epoch ms of the commit */
  readonly at: number;
}

/**
 * In-process fan-out of "this service committed a transaction", raised by each
 * service's database after every commit (a consumer's batch, an operator's
 * action, a job). The console's live stream listens to it; it carries no data,
 * so a listener reads the records it shows through the services' own routes.
 * One per process: in the multi-service deployment each process has its own.
 */
export class ChangeFeed {
  private readonly listeners = new Set<(event: ChangeEvent) => void>();

  publish(service: string, at = Date.now()): void {
    for (const listener of this.listeners) {
      try {
        listener({ service, at });
      } catch {
        // a listener's failure is its own: the commit has happened
      }
    }
  }

  /** Returns the unsubscribe function. */
  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}
