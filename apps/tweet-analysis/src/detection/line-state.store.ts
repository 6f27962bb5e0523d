import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { Tx } from '@tsunagu/platform';
import { DetectionRepository, type StoredLineState, type VersionedLineState } from './detection.repository';

/**
 * The per-line detector states, kept in memory and in PostgreSQL. Every write
 * goes to the table in the caller's transaction (with the offsets, as before)
 * under a new token; a read locks the rows and reuses the copy in memory only
 * where the row still carries the token this process wrote, so parsing the
 * stored JSON is left to the lines another instance (or a rolled-back
 * transaction, whose token never reached the table) changed. Tokens are unique
 * per process and write: a stale copy never matches.
 */
@Injectable()
export class LineStateStore {
  private readonly instance = randomUUID();
  private writes = 0;
  private readonly copies = new Map<string, VersionedLineState>();

  constructor(private readonly repo: DetectionRepository) {}

  /** The stored states of some lines (absent: never stored), locked until the transaction ends. */
  async load(tx: Tx, lineIds: readonly string[]): Promise<Map<string, StoredLineState>> {
    const versions = await this.repo.lockStateVersions(tx, lineIds);
    const out = new Map<string, StoredLineState>();
    const stale: string[] = [];
    for (const [lineId, version] of versions) {
      const copy = this.copies.get(lineId);
      if (copy && version !== null && copy.version === version) out.set(lineId, copy);
      else stale.push(lineId);
    }
    if (stale.length > 0) for (const [lineId, stored] of await this.repo.loadStates(tx, stale)) out.set(lineId, stored);
    return out;
  }

  async save(tx: Tx, states: readonly StoredLineState[]): Promise<void> {
    const versioned = states.map((s) => ({ ...s, version: `${this.instance}:${++this.writes}` }));
    await this.repo.saveStates(tx, versioned);
    for (const s of versioned) this.copies.set(s.state.lineId, s);
  }
}
