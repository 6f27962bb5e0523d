import { Injectable } from '@nestjs/common';
import { ServiceDatabase } from '@tsunagu/platform';
import { sessionsTable as S, usersTable as U } from '../identity.tables';

/** A live session joined with its account. */
export interface LiveSession {
  readonly username: string;
  readonly roles: string[];
  readonly csrfToken: string;
  readonly lastSeenAt: Date;
  readonly expiresAt: Date;
}

/** Sessions in the identity schema, keyed by the SHA-256 of the cookie's value. */
@Injectable()
export class SessionsRepository {
  constructor(private readonly db: ServiceDatabase) {}

  async insert(s: { idHash: string; userId: string; csrfToken: string; at: Date; expiresAt: Date; ip: string | null }): Promise<void> {
    await this.db.query(
      `INSERT INTO ${S.qualified} (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, ip) VALUES ($1, $2, $3, $4, $4, $5, $6)`,
      [s.idHash, s.userId, s.csrfToken, s.at, s.expiresAt, s.ip],
    );
  }

  /** The session if it is neither expired nor idle too long and its account is enabled. */
  async live(idHash: string, now: Date, idleSince: Date): Promise<LiveSession | null> {
    const [row] = await this.db.query<LiveSession>(
      `SELECT u.username, u.roles, s.csrf_token AS "csrfToken", s.last_seen_at AS "lastSeenAt", s.expires_at AS "expiresAt"
       FROM ${S.qualified} s JOIN ${U.qualified} u ON u.id = s.user_id
       WHERE s.id_hash = $1 AND s.expires_at > $2 AND s.last_seen_at > $3 AND NOT u.disabled`,
      [idHash, now, idleSince],
    );
    return row ?? null;
  }

  async touch(idHash: string, at: Date): Promise<void> {
    await this.db.query(`UPDATE ${S.qualified} SET last_seen_at = $2 WHERE id_hash = $1`, [idHash, at]);
  }

  async delete(idHash: string): Promise<void> {
    await this.db.query(`DELETE FROM ${S.qualified} WHERE id_hash = $1`, [idHash]);
  }

  /** Ends every session of an account (disabled, password changed). */
  /** Ends every session of an account, but the one `keepIdHash` names (the one changing its own password). */
  async deleteOfUser(username: string, keepIdHash: string | null = null): Promise<void> {
    await this.db.query(`DELETE FROM ${S.qualified} s USING ${U.qualified} u WHERE u.id = s.user_id AND u.username = $1 AND ($2::text IS NULL OR s.id_hash <> $2)`, [
      username,
      keepIdHash,
    ]);
  }

  /** Removes sessions that can no longer be used (run at each sign-in: no job needed for a small table). */
  async deleteDead(now: Date, idleSince: Date): Promise<void> {
    await this.db.query(`DELETE FROM ${S.qualified} WHERE expires_at <= $1 OR last_seen_at <= $2`, [now, idleSince]);
  }
}
