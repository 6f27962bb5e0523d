// Calls to the platform's REST API from the console. The operator signs in with a
// user name and password; the session lives in an HttpOnly cookie (no script can
// read it) that the browser sends to this origin only (SameSite=Strict). Every
// state-changing call carries the session's CSRF token in a header, which another
// site cannot read and so cannot send.

const TIMEOUT_MS = 6000;

/** The signed-in operator: { username, roles, csrfToken, expiresAt } or null. */
let current = null;

export const session = {
  get() {
    return current;
  },
  set(value) {
    current = value;
  },
  has(role) {
    return current !== null && (current.roles.includes('admin') || current.roles.includes(role));
  },
};

/**
 * Why a call failed, as the panel tells it:
 * - unauthorised (401): not signed in, or the session expired;
 * - forbidden (403): the operator's roles may not do this;
 * - unavailable (404, 5xx, network error, timeout): the feature is not there or
 *   not answering, so the panel degrades on its own (circuit breaker);
 * - rejected (any other 4xx): the server refused this request (e.g. 409).
 */
export class ApiError extends Error {
  constructor(kind, status, message, body = null) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.body = body;
  }
}

function kindOf(status) {
  if (status === 401) return 'unauthorised';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'rejected';
}

const listeners = new Set();
/** Told when a call answers 401: the session has ended (expired, signed out elsewhere). */
export function onSignedOut(listener) {
  listeners.add(listener);
}

/**
 * fetch with the session cookie, the CSRF token on state changes, a timeout and
 * JSON parsing. `accept` lists extra statuses whose JSON body is still the answer
 * (GET /health says 503 with its report).
 */
export async function api(path, { method = 'GET', body, accept = [], quietAuth = false } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && current?.csrfToken) headers['x-csrf-token'] = current.csrfToken;
  let res;
  let text;
  try {
    res = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'same-origin',
      redirect: 'error',
    });
    text = await res.text();
  } catch {
    throw new ApiError('unavailable', 0, controller.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : 'network error');
  } finally {
    clearTimeout(timer);
  }
  let parsed = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, for instance
  }
  if (res.ok || (accept.includes(res.status) && parsed !== null)) return parsed;
  if (res.status === 401 && current !== null && !quietAuth) {
    current = null;
    for (const listener of listeners) listener();
  }
  const message = parsed && typeof parsed.message === 'string' ? parsed.message : `HTTP ${res.status}`;
  throw new ApiError(kindOf(res.status), res.status, message, parsed);
}

/** POST /auth/login: the cookie comes back in Set-Cookie; the CSRF token in the body. */
export async function signIn(username, password) {
  current = await api('/auth/login', { method: 'POST', body: { username, password }, quietAuth: true });
  return current;
}

/** GET /auth/session: after a reload, whether the cookie still holds a session ({ session: null } when not). */
export async function resume() {
  try {
    current = (await api('/auth/session', { quietAuth: true })).session;
  } catch {
    current = null;
  }
  return current;
}

export async function signOut() {
  try {
    await api('/auth/logout', { method: 'POST', quietAuth: true });
  } finally {
    current = null;
  }
}
