import type { LoadedState } from './state-cache';

/**
 * The storage contract of a StateCache user, in memory, for unit tests of the
 * services: rows with versions from one sequence, loads that leave out the states
 * the caller holds at the stored version (counted when they do not), and another
 * writer replacing a row. `loadStates` and `saveStates` have the shape of a
 * service repository's (the transaction is not used): a test's fake repository
 * extends this class with the rest of its repository.
 */
export class VersionedStateRows<S> {
  readonly rows = new Map<string, { version: number; state: S }>();
  /** loads that had to send the state (the caller's version was not the stored one) */
  fullLoads = 0;
  private sequence = 0;

  constructor(private readonly idOf: (state: S) => string) {}

  async loadStates(_tx: unknown, ids: readonly string[], cached: ReadonlyMap<string, number>): Promise<Map<string, LoadedState<S>>> {
    const out = new Map<string, LoadedState<S>>();
    for (const id of ids) {
      const row = this.rows.get(id);
      if (!row) continue;
      const current = cached.get(id) === row.version;
      if (!current) this.fullLoads++;
      out.set(id, { version: row.version, state: current ? null : structuredClone(row.state) });
    }
    return out;
  }

  async saveStates(_tx: unknown, states: readonly S[]): Promise<Map<string, number>> {
    const versions = new Map<string, number>();
    for (const s of states) {
      const version = ++this.sequence;
      this.rows.set(this.idOf(s), { version, state: structuredClone(s) });
      versions.set(this.idOf(s), version);
    }
    return versions;
  }

  /** another writer (a sweep, another instance) replaces a row */
  overwrite(id: string, change: Partial<S>): void {
    const row = this.rows.get(id)!;
    this.rows.set(id, { version: ++this.sequence, state: { ...row.state, ...change } });
  }
}
