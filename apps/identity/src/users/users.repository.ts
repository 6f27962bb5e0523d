import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import { usersTable as U, type UserRow } from '../identity.tables';
import type { UserRole } from './users.schemas';

/** Operators' accounts in the identity schema. */
@Injectable()
export class UsersRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async count(): Promise<number> {
    const [row] = await this.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${U.qualified}`);
    return Number(row?.n ?? 0);
  }

  async byUsername(username: string): Promise<UserRow | null> {
    const [row] = await this.db.query(`SELECT ${U.select()} FROM ${U.qualified} WHERE username = $1`, [username]);
    return row ? U.parse(row) : null;
  }

  async list(): Promise<UserRow[]> {
    return (await this.db.query(`SELECT ${U.select()} FROM ${U.qualified} ORDER BY username`)).map((r) => U.parse(r));
  }

  /** Inserts an account; null when the user name is taken. */
  async insert(user: { username: string; passwordHash: string; roles: readonly UserRole[]; createdBy: string; at: Date }): Promise<UserRow | null> {
    const [row] = await this.db.query(
      `INSERT INTO ${U.qualified} (username, password_hash, roles, created_by, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $5)
       ON CONFLICT (username) DO NOTHING
       RETURNING ${U.select()}`,
      [user.username, user.passwordHash, user.roles, user.createdBy, user.at],
    );
    return row ? U.parse(row) : null;
  }

  /**
   * Changes an account; refuses (returns 'last-admin') to leave no enabled admin,
   * checked in the statement itself.
   */
  async update(username: string, change: { passwordHash?: string; roles?: readonly UserRole[]; disabled?: boolean; at: Date }): Promise<UserRow | null | 'last-admin'> {
    const rows = await this.db.query(
      `WITH target AS (SELECT id FROM ${U.qualified} WHERE username = $1 FOR UPDATE),
            others AS (SELECT count(*) AS n FROM ${U.qualified} WHERE username <> $1 AND 'admin' = ANY (roles) AND NOT disabled)
       UPDATE ${U.qualified} u SET
         password_hash = COALESCE($2, u.password_hash),
         roles = COALESCE($3, u.roles),
         disabled = COALESCE($4, u.disabled),
         updated_at = $5
       FROM target, others
       WHERE u.id = target.id
         AND (others.n > 0 OR ('admin' = ANY (COALESCE($3, u.roles)) AND NOT COALESCE($4, u.disabled)))
       RETURNING ${U.select('u')}`,
      [username, change.passwordHash ?? null, change.roles ?? null, change.disabled ?? null, change.at],
    );
    if (rows[0]) return U.parse(rows[0]);
    return (await this.byUsername(username)) ? 'last-admin' : null;
  }

  /** Deletes an account (its sessions go with it); refuses to delete the last enabled admin. */
  async delete(username: string): Promise<boolean | 'last-admin'> {
    const rows = await this.db.query(
      `DELETE FROM ${U.qualified} u
       WHERE u.username = $1
         AND (NOT ('admin' = ANY (u.roles)) OR u.disabled
              OR (SELECT count(*) FROM ${U.qualified} o WHERE o.username <> $1 AND 'admin' = ANY (o.roles) AND NOT o.disabled) > 0)
       RETURNING u.id`,
      [username],
    );
    if (rows.length > 0) return true;
    return (await this.byUsername(username)) ? 'last-admin' : false;
  }
}
