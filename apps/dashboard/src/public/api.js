// Calls to the platform's REST API from the dashboard. The bearer token lives in
// sessionStorage (gone when the tab closes) and travels only in the Authorization
// header: never in a URL, never in a log.

const TOKEN_KEY = 'tsunagu.dashboard.token';
const TIMEOUT_MS = 4000;

export const tokenStore = {
  get() {
    try {
      return sessionStorage.getItem(TOKEN_KEY) ?? '';
    } catch {
      return '';
    }
  },
  set(token) {
    sessionStorage.setItem(TOKEN_KEY, token);
  },
  clear() {
    sessionStorage.removeItem(TOKEN_KEY);
  },
};

/**
 * Why a call failed, as the panel tells it:
 * - unauthorised (401): no valid token;
 * - forbidden (403): the token's role may not do this;
 * - unavailable (404, 5xx, network error, timeout): the feature is not there or
 *   not answering, so the panel degrades on its own (circuit breaker);
 * - rejected (any other 4xx): the server refused this request (e.g. 409).
 */
export class ApiError extends Error {
  constructor(kind, status, message) {
    super(message);
    this.kind = kind;
    this.status = status;
  }
}

function kindOf(status) {
  if (status === 401) return 'unauthorised';
  if (status === 403) return 'forbidden';
  if (status === 404 || status === 408 || status === 429 || status >= 500) return 'unavailable';
  return 'rejected';
}

/**
 * fetch with the token, a timeout and JSON parsing. `accept` lists extra statuses
 * whose JSON body is still the answer (GET /health says 503 with its report).
 */
export async function api(path, { method = 'GET', token = tokenStore.get(), accept = [] } = {}) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  let res;
  let text;
  try {
    res = await fetch(path, {
      method,
      headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      signal: controller.signal,
      cache: 'no-store',
      credentials: 'omit',
      redirect: 'error',
    });
    text = await res.text();
  } catch {
    throw new ApiError('unavailable', 0, controller.signal.aborted ? `no answer within ${TIMEOUT_MS / 1000} s` : 'network error');
  } finally {
    clearTimeout(timer);
  }
  let body = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: a proxy's error page, for instance
  }
  if (res.ok || (accept.includes(res.status) && body !== null)) return body;
  const message = body && typeof body.message === 'string' ? body.message : `HTTP ${res.status}`;
  throw new ApiError(kindOf(res.status), res.status, message);
}
