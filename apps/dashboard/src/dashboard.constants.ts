/** The URL prefix of the web dashboard (its page and its assets). */
export const DASHBOARD_ROUTE = 'dashboard';

/** The page served at /dashboard and /dashboard/. */
export const DASHBOARD_INDEX = 'index.html';

/**
 * Headers on every dashboard response. The page is static and loads only its own
 * scripts and styles; every data call goes to this origin's REST API with the
 * operator's bearer token, so nothing else is needed:
 * - CSP: self only, no inline script or style, no plugins, no framing, no <base> tricks;
 * - nosniff: a file is only ever what its Content-Type says;
 * - no-referrer: the dashboard URL never leaks to another site.
 */
export const DASHBOARD_SECURITY_HEADERS = {
  'Content-Security-Policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  // small files that change with each deploy: revalidate rather than serve stale code
  'Cache-Control': 'no-cache',
} as const;

/** Content types by extension; a file with any other extension is never served. */
export const DASHBOARD_CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The console's live stream (GET /console/events): coalescing, heartbeat, client retry, all in ms. */
export const CONSOLE_EVENTS = {
  route: 'console',
  coalesceMs: 500,
  heartbeatMs: 20_000,
  retryMs: 3000,
} as const;
