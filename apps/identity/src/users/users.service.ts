import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { createLogger, hashSecret, PLATFORM_TOKENS, type Clock } from '@tsunagu/platform';
import type { IdentityOptions } from '../identity.config';
import { IDENTITY_OPTIONS, INITIAL_PASSWORD_FILE } from '../identity.constants';
import { IDENTITY_ERROR, IdentityException } from '../identity.exception';
import type { UserRow } from '../identity.tables';
import { SessionsRepository } from '../sessions/sessions.repository';
import { UsersRepository } from './users.repository';
import type { CreateUserBody, UpdateUserBody, UserRole } from './users.schemas';

const audit = createLogger('audit.identity');

/** An account as the API shows it: never its hash. */
export interface UserView {
  readonly username: string;
  readonly roles: readonly UserRole[];
  readonly disabled: boolean;
  readonly createdAt: Date;
  readonly createdBy: string;
  readonly updatedAt: Date;
}

export function userView(u: UserRow): UserView {
  return { username: u.username, roles: u.roles as UserRole[], disabled: u.disabled, createdAt: u.createdAt, createdBy: u.createdBy, updatedAt: u.updatedAt };
}

/** Accounts managed by admins; the first admin is created on the first start. */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
    @Inject(PLATFORM_TOKENS.clock) private readonly clock: Clock,
  ) {}

  /**
   * With no account at all, creates the first admin: with IDENTITY_ADMIN_PASSWORD,
   * or a generated password written once to `<DATA_DIR>/initial-admin-password`
   * (mode 0600). The log names the file, never the password.
   */
  async ensureFirstAdmin(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const generated = this.options.adminPassword === null;
    const password = this.options.adminPassword ?? randomBytes(18).toString('base64url');
    const created = await this.users.insert({
      username: this.options.adminUsername,
      passwordHash: await hashSecret(password),
      roles: ['admin'],
      createdBy: 'system:identity',
      at: new Date(this.clock.now()),
    });
    if (!created) return; // another instance created it first
    if (generated) {
      const file = resolve(this.options.dataDir, INITIAL_PASSWORD_FILE);
      mkdirSync(this.options.dataDir, { recursive: true });
      if (existsSync(file)) chmodSync(file, 0o600);
      writeFileSync(file, `${this.options.adminUsername}:${password}\n`, { mode: 0o600 });
      audit.warn('first admin created with a generated password: sign in and change it', { username: this.options.adminUsername, file });
    } else {
      audit.info('first admin created from IDENTITY_ADMIN_PASSWORD', { username: this.options.adminUsername });
    }
  }

  async list(): Promise<UserView[]> {
    return (await this.users.list()).map(userView);
  }

  async create(body: CreateUserBody, by: string): Promise<UserView> {
    const row = await this.users.insert({ username: body.username, passwordHash: await hashSecret(body.password), roles: body.roles, createdBy: by, at: new Date(this.clock.now()) });
    if (!row) throw new IdentityException(IDENTITY_ERROR.userExists, `user ${body.username} exists`);
    audit.info('user created', { username: body.username, roles: body.roles, by });
    return userView(row);
  }

  /** A new password or disabling ends the account's sessions. */
  async update(username: string, body: UpdateUserBody, by: string): Promise<UserView> {
    const row = await this.users.update(username, {
      passwordHash: body.password ? await hashSecret(body.password) : undefined,
      roles: body.roles,
      disabled: body.disabled,
      at: new Date(this.clock.now()),
    });
    if (row === null) throw new IdentityException(IDENTITY_ERROR.userNotFound, `user ${username} not found`);
    if (row === 'last-admin') throw new IdentityException(IDENTITY_ERROR.lastAdmin, 'the last enabled admin cannot be demoted or disabled');
    if (body.password || body.disabled) await this.sessions.deleteOfUser(username);
    audit.info('user changed', { username, roles: body.roles, disabled: body.disabled, passwordChanged: body.password !== undefined, by });
    return userView(row);
  }

  async delete(username: string, by: string): Promise<void> {
    const done = await this.users.delete(username);
    if (done === false) throw new IdentityException(IDENTITY_ERROR.userNotFound, `user ${username} not found`);
    if (done === 'last-admin') throw new IdentityException(IDENTITY_ERROR.lastAdmin, 'the last enabled admin cannot be deleted');
    audit.info('user deleted', { username, by });
  }
}
