/**
 * The simulators' view of the platform's REST API: provisioning devices (admin) and
 * reading what the record systems found. Network failures and non-2xx answers are
 * turned into one-line errors; nothing here throws a stack at an operator.
 */
export interface ProvisionRequest {
  readonly kind: 'machine' | 'vehicle' | 'tweet-source';
  readonly model: string;
  readonly deviceId?: string;
  readonly site?: string;
}

export interface ProvisionedDevice {
  readonly deviceId: string;
  readonly password: string;
  readonly kind: string;
  readonly model: string;
}

export interface ApiResponse {
  readonly status: number;
  readonly body: unknown;
}

export class PlatformApiError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'PlatformApiError';
  }
}

export interface PlatformApiOptions {
  /** e.g. http://127.0.0.1:3000 */
  readonly baseUrl: string;
  /** bearer token (admin for provisioning; a role token is enough for reading) */
  readonly token: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

export class PlatformApiClient {
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: PlatformApiOptions) {
    this.fetchImpl = options.fetch ?? fetch;
  }

  get baseUrl(): string {
    return this.options.baseUrl.replace(/\/+$/, '');
  }

  async provisionDevice(req: ProvisionRequest): Promise<ProvisionedDevice> {
    const res = await this.request('POST', '/devices', req);
    if (res.status !== 201 && res.status !== 200) {
      throw new PlatformApiError(`provisioning ${req.deviceId ?? req.kind} failed: HTTP ${res.status} ${brief(res.body)}`, res.status);
    }
    const body = res.body as Partial<ProvisionedDevice>;
    if (typeof body.deviceId !== 'string' || typeof body.password !== 'string') {
      throw new PlatformApiError(`provisioning answered without deviceId/password: ${brief(res.body)}`, res.status);
    }
    return { deviceId: body.deviceId, password: body.password, kind: body.kind ?? req.kind, model: body.model ?? req.model };
  }

  /** Any request; throws PlatformApiError (status null) when the platform cannot be reached. */
  async request(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const url = `${this.baseUrl}${path}`;
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
    } catch (err) {
      throw new PlatformApiError(`the platform API at ${this.baseUrl} is unreachable (${networkReason(err)})`, null);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed };
  }
}

/** The useful part of a fetch failure: undici hides the socket error in `cause` (sometimes an AggregateError). */
function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } };
  if (e.name === 'TimeoutError') return 'timed out';
  return e.cause?.code ?? e.cause?.errors?.[0]?.code ?? e.cause?.message ?? e.message ?? String(err);
}

function brief(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return (text ?? '').slice(0, 300);
}
