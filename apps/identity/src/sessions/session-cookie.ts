import type { Request, Response } from 'express';
import { SESSION_COOKIE } from '@tsunagu/platform';

/**
 * The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other
 * site's page sends it), Path=/ (one origin serves the console and every API),
 * Secure when the request came over TLS or the deployment says so.
 */
export function setSessionCookie(req: Request, res: Response, token: string, maxAgeMs: number, secure: 'auto' | 'always'): void {
  res.append('Set-Cookie', cookie(token, Math.floor(maxAgeMs / 1000), secure === 'always' || req.secure));
}

export function clearSessionCookie(req: Request, res: Response, secure: 'auto' | 'always'): void {
  res.append('Set-Cookie', cookie('', 0, secure === 'always' || req.secure));
}

function cookie(value: string, maxAgeSec: number, secure: boolean): string {
  return [`${SESSION_COOKIE}=${value}`, 'Path=/', `Max-Age=${maxAgeSec}`, 'HttpOnly', 'SameSite=Strict', ...(secure ? ['Secure'] : [])].join('; ');
}
