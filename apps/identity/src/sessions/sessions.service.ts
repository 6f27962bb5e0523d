import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { AuthFailureLimiter, createLogger, hashSecret, PLATFORM_TOKENS, verifySecret, type ApiRole, type Clock, type Principal, type SessionLookup } from '@tsunagu/platform';
import type { IdentityOptions } from '../identity.config';
import { IDENTITY_OPTIONS } from '../identity.constants';
import { IDENTITY_ERROR, IdentityException } from '../identity.exception';
import { UsersRepository } from '../users/users.repository';
import { SessionsRepository } from './sessions.repository';

const audit = createLogger('audit.identity');

/** What a successful sign-in hands the browser (the cookie's value travels only in Set-Cookie). */
export interface SignedIn {
  readonly sessionToken: string;
  readonly username: string;
  readonly roles: readonly ApiRole[];
  readonly csrfToken: string;
  /** the absolute end (sign-in + IDENTITY_SESSION_MAX_HOURS) */
  readonly expiresAt: Date;
  /** when it ends if unused (sooner than expiresAt unless it is nearly over) */
  readonly idleExpiresAt: Date;
}

/** Only the digest of a session token is stored or compared. */
export function sessionDigest(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Sessions refresh their last use at most this often (a write per request otherwise). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sign-in, sign-out and session lookup. Wrong user name and wrong password are
 * one answer and cost one scrypt each (no user-name probing by timing); failures
 * count per address and block it for a while (429).
 */
@Injectable()
export class SessionsService implements SessionLookup {
  private readonly limiter: AuthFailureLimiter;
  /** a hash to verify against when the user does not exist, so both cases cost the same */
  private readonly decoy: Promise<string> = hashSecret(randomBytes(16).toString('hex'));

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly users: UsersRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {
    this.limiter = new AuthFailureLimiter(options.loginMaxFailures, options.loginWindowMs, options.loginBlockMs);
  }

  async login(username: string, password: string, ip: string | null): Promise<SignedIn> {
    const now = this.clock.now();
    const address = ip ?? 'unknown';
    if (this.limiter.isBlocked(address, now)) {
      audit.warn('sign-in refused: address blocked', { username, ip });
      throw new IdentityException(IDENTITY_ERROR.tooManyAttempts, 'too many failed sign-ins from this address: try again later');
    }
    const user = await this.users.byUsername(username);
    const ok = await verifySecret(password, user?.passwordHash ?? (await this.decoy));
    if (!user || !ok || user.disabled) {
      const blocked = this.limiter.recordFailure(address, now);
      audit.warn('sign-in failed', { username, ip, blocked });
      throw new IdentityException(IDENTITY_ERROR.invalidCredentials, 'wrong user name or password');
    }
    this.limiter.recordSuccess(address);
    await this.sessions.deleteDead(new Date(now), new Date(now - this.options.sessionIdleMs));
    const sessionToken = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now + this.options.sessionMaxMs);
    await this.sessions.insert({ idHash: sessionDigest(sessionToken), userId: user.id, csrfToken, at: new Date(now), expiresAt, ip });
    audit.info('signed in', { username, ip });
    const idleExpiresAt = new Date(Math.min(expiresAt.getTime(), now + this.options.sessionIdleMs));
    return { sessionToken, username: user.username, roles: user.roles as ApiRole[], csrfToken, expiresAt, idleExpiresAt };
  }

  async logout(sessionToken: string, username: string): Promise<void> {
    await this.sessions.delete(sessionDigest(sessionToken));
    audit.info('signed out', { username });
  }

  /**
   * The signed-in user changes their own password: the current one is required
   * (a session left open is not enough to take the account over), a wrong one
   * counts as a failed sign-in of the address, and the account's other sessions end.
   */
  async changePassword(sessionToken: string, username: string, current: string, next: string, ip: string | null): Promise<void> {
    const now = this.clock.now();
    const address = ip ?? 'unknown';
    if (this.limiter.isBlocked(address, now)) throw new IdentityException(IDENTITY_ERROR.tooManyAttempts, 'too many failed attempts from this address: try again later');
    const user = await this.users.byUsername(username);
    if (!user || !(await verifySecret(current, user.passwordHash))) {
      const blocked = this.limiter.recordFailure(address, now);
      audit.warn('password change refused: wrong current password', { username, ip, blocked });
      throw new IdentityException(IDENTITY_ERROR.wrongPassword, 'the current password is wrong');
    }
    this.limiter.recordSuccess(address);
    await this.users.update(username, { passwordHash: await hashSecret(next), at: new Date(now) });
    await this.sessions.deleteOfUser(username, sessionDigest(sessionToken));
    audit.info('password changed by its user', { username, ip });
  }

  /** The guard's lookup (through the platform's PrincipalResolver). */
  async resolveSession(sessionToken: string): Promise<Principal | null> {
    const now = this.clock.now();
    const idHash = sessionDigest(sessionToken);
    const live = await this.sessions.live(idHash, new Date(now), new Date(now - this.options.sessionIdleMs));
    if (!live) return null;
    if (now - live.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.sessions.touch(idHash, new Date(now));
    return { kind: 'session', name: live.username, roles: live.roles as ApiRole[], csrfToken: live.csrfToken };
  }

  /** When the session in use ends at the latest (idle or absolute). */
  async expiryOf(sessionToken: string): Promise<Date | null> {
    const now = this.clock.now();
    const live = await this.sessions.live(sessionDigest(sessionToken), new Date(now), new Date(now - this.options.sessionIdleMs));
    if (!live) return null;
    return new Date(Math.min(live.expiresAt.getTime(), Math.max(live.lastSeenAt.getTime(), now) + this.options.sessionIdleMs));
  }
}
