import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { cookieValue, Public, RequireSignedIn, SESSION_COOKIE, ZodValidationPipe, type AuthenticatedRequest } from '@tsunagu/platform';
import type { IdentityOptions } from '../identity.config';
import { IDENTITY_OPTIONS, IDENTITY_ROUTES } from '../identity.constants';
import { IDENTITY_ERROR, IdentityException } from '../identity.exception';
import { changePasswordSchema, loginSchema, type ChangePasswordBody, type LoginBody } from '../users/users.schemas';
import { setSessionCookie, clearSessionCookie } from './session-cookie';
import { SessionsService } from './sessions.service';

/** What the console learns about the signed-in principal (the CSRF token included: script may read it, other origins may not). */
export interface SessionView {
  readonly username: string;
  readonly kind: 'token' | 'session';
  readonly roles: readonly string[];
  readonly csrfToken: string | null;
  readonly expiresAt: Date | null;
}

/** Sign-in and sign-out of the browser console, and a signed-in user's own password. */
@Controller(IDENTITY_ROUTES.auth)
export class AuthController {
  constructor(
    private readonly sessions: SessionsService,
    @Inject(IDENTITY_OPTIONS) private readonly options: IdentityOptions,
  ) {}

  /** 200 and the session cookie; 401 wrong user name or password; 429 while the address is blocked. */
  @Post('login')
  @Public('signing in is how a principal is had')
  @HttpCode(200)
  async login(@Body(new ZodValidationPipe(loginSchema)) body: LoginBody, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<SessionView> {
    const s = await this.sessions.login(body.username, body.password, req.ip ?? null);
    setSessionCookie(req, res, s.sessionToken, this.options.sessionMaxMs, this.options.cookieSecure);
    return { username: s.username, kind: 'session', roles: s.roles, csrfToken: s.csrfToken, expiresAt: s.idleExpiresAt };
  }

  /** Ends the session in use (a state change: the CSRF token is required). */
  @Post('logout')
  @HttpCode(204)
  @RequireSignedIn()
  async logout(@Req() req: AuthenticatedRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (req.principal?.kind !== 'session' || !token) throw new IdentityException(IDENTITY_ERROR.notASession, 'only a browser session can sign out');
    await this.sessions.logout(token, req.principal.name);
    clearSessionCookie(req, res, this.options.cookieSecure);
  }

  /** The signed-in user's own password: `current` must be right (400 otherwise), `next` at least 12 characters; the other sessions end. */
  @Post('password')
  @HttpCode(204)
  @RequireSignedIn()
  async changePassword(@Body(new ZodValidationPipe(changePasswordSchema)) body: ChangePasswordBody, @Req() req: AuthenticatedRequest): Promise<void> {
    const token = cookieValue(req.headers.cookie, SESSION_COOKIE);
    if (req.principal?.kind !== 'session' || !token) throw new IdentityException(IDENTITY_ERROR.notASession, 'only a signed-in user has a password to change');
    await this.sessions.changePassword(token, req.principal.name, body.current, body.next, req.ip ?? null);
  }

  /**
   * Who is signed in: `{ session: null }` when nobody is (a page's first visit is
   * not an error), the principal and its CSRF token otherwise (after a reload the
   * console reads it here). Public: the guard still resolves whoever calls.
   */
  @Get('session')
  @Public('a first visit asks whether anyone is signed in')
  async session(@Req() req: AuthenticatedRequest): Promise<{ session: SessionView | null }> {
    const p = req.principal;
    if (!p) return { session: null };
    const token = p.kind === 'session' ? cookieValue(req.headers.cookie, SESSION_COOKIE) : null;
    return { session: { username: p.name, kind: p.kind, roles: p.roles, csrfToken: p.csrfToken ?? null, expiresAt: token ? await this.sessions.expiryOf(token) : null } };
  }
}
