import { pgNumbers, pgTexts } from '../database/pg-arrays';
import { TransientError } from '../errors/tsunagu.error';
import type { Tx } from './tx';

/** A stored state's row version, and the state itself unless the caller already holds that version. */
export interface LoadedState<S> {
  readonly version: number;
  readonly state: S | null;
}

/**
 * The states a consumer wrote, kept in memory by the row version their write drew,
 * so that while an instance keeps its partitions a batch reads back versions, not
 * states. Every write must draw a new version from a sequence: an entry is used
 * only when the committed row carries exactly its version, so the state of a write
 * that rolled back (its version never committed) or that another writer replaced
 * (a sweep, another instance after a rebalance) is read from the database instead.
 *
 * A batch takes its states out of the cache (`take`): analysers may change them in
 * place, and a batch that fails half-way must not leave such a state behind. The
 * batch hands them back with their new versions after its write (`remember`).
 */
export class StateCache<S> {
  private readonly entries = new Map<string, { state: S; version: number }>();

  /** `limit`: entries kept at most; past it the cache starts over (the database is the truth, the cache only saves reads) */
  constructor(private readonly limit = 100_000) {}

  /** The versions held for these ids: what the load statement compares the stored ones with. */
  versionsOf(ids: readonly string[]): Map<string, number> {
    const versions = new Map<string, number>();
    for (const id of ids) {
      const hit = this.entries.get(id);
      if (hit) versions.set(id, hit.version);
    }
    return versions;
  }

  /** The batch's states: the stored one where the load sent it, else the cached one; either way no longer in the cache. */
  take(loaded: ReadonlyMap<string, LoadedState<S>>): Map<string, S> {
    const states = new Map<string, S>();
    for (const [id, row] of loaded) {
      const hit = this.entries.get(id);
      this.entries.delete(id);
      if (row.state !== null) states.set(id, row.state);
      else if (hit?.version === row.version) states.set(id, hit.state);
      // the load left out a state this cache no longer holds (two batches of one id at once): read it again
      else throw new TransientError(`state ${id} left the cache while its batch loaded it`);
    }
    return states;
  }

  /** States as written, with the versions their write drew. */
  remember(entries: ReadonlyArray<{ readonly id: string; readonly state: S; readonly version: number }>): void {
    if (this.entries.size + entries.length > this.limit) this.entries.clear();
    for (const e of entries) this.entries.set(e.id, { state: e.state, version: e.version });
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * The load half of StateCache's contract, for a table with `version` and `state`
 * columns: the rows of `ids` locked until the transaction ends (in id order, so two
 * instances lock alike), each with its version, and its state only where the version
 * differs from the one in `cached` (the caller holds that one already). `extra`:
 * further columns to return as they are. Keyed by id; ids without a row are absent.
 */
export async function loadVersionedStates<S, Extra extends Record<string, unknown> = Record<string, never>>(
  tx: Tx,
  table: { readonly qualified: string },
  idColumn: string,
  ids: readonly string[],
  cached: ReadonlyMap<string, number>,
  extra: ReadonlyArray<keyof Extra & string> = [],
): Promise<Map<string, LoadedState<S> & { readonly row: Extra }>> {
  if (ids.length === 0) return new Map();
  const known = ids.filter((id) => cached.has(id));
  const rows = await tx.query<{ id: string; version: string; state: S | null } & Extra>(
    `SELECT s.${idColumn} AS id, s.version, CASE WHEN c.version IS DISTINCT FROM s.version THEN s.state END AS state${extra.map((c) => `, s.${c}`).join('')}
       FROM ${table.qualified} s
       LEFT JOIN unnest($2::text[], $3::bigint[]) AS c (id, version) ON c.id = s.${idColumn}
      WHERE s.${idColumn} = ANY($1::text[]) ORDER BY s.${idColumn} FOR UPDATE OF s`,
    [pgTexts(ids), pgTexts(known), pgNumbers(known.map((id) => cached.get(id)!))],
  );
  return new Map(rows.map((r) => [r.id, { version: Number(r.version), state: r.state ?? null, row: r }]));
}
