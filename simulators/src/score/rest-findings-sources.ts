import type { GroundTruth } from '../scenario/ground-truth';
import { PlatformApiError, type PlatformApiClient } from '../platform/platform-api.client';
import type { FindingClock, FindingsResult, FindingsSource, ObservedFinding } from './findings-source';

type Row = Record<string, unknown>;

class Unavailable extends Error {}

/** GET that turns 404/405/501, auth failures and network errors into "unavailable". */
async function getItems(api: PlatformApiClient, path: string): Promise<Row[]> {
  let res;
  try {
    res = await api.request('GET', path);
  } catch (err) {
    throw new Unavailable(err instanceof PlatformApiError ? err.message : String(err));
  }
  if (res.status === 404 || res.status === 405 || res.status === 501) throw new Unavailable(`${path}: no such endpoint (HTTP ${res.status})`);
  if (res.status === 401 || res.status === 403) throw new Unavailable(`${path}: the token may not read it (HTTP ${res.status})`);
  if (res.status === 503) throw new Unavailable(`${path}: currently unavailable (HTTP 503)`);
  if (res.status >= 400) throw new Unavailable(`${path}: HTTP ${res.status}`);
  const body = res.body as unknown;
  if (Array.isArray(body)) return body as Row[];
  const items = (body as { items?: unknown; data?: unknown } | null)?.items ?? (body as { data?: unknown } | null)?.data;
  if (Array.isArray(items)) return items as Row[];
  throw new Unavailable(`${path}: unexpected answer (no items list)`);
}

/** One field of a record's detail (`GET path`): null when it is not there or cannot be read. */
async function detailField(api: PlatformApiClient, path: string, field: string): Promise<unknown> {
  try {
    const res = await api.request('GET', path);
    return res.status === 200 ? ((res.body as Row | null)?.[field] ?? null) : null;
  } catch {
    return null;
  }
}

async function guarded(run: () => Promise<ObservedFinding[]>): Promise<FindingsResult> {
  try {
    return { status: 'ok', findings: await run() };
  } catch (err) {
    if (err instanceof Unavailable) return { status: 'unavailable', reason: err.message };
    return { status: 'unavailable', reason: `failed: ${(err as Error).message}` };
  }
}

/** epoch ms from a number, a numeric string or an ISO date; null otherwise */
export function epochOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    if (/^\d+$/.test(value)) return Number(value);
    const t = Date.parse(value);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** the first present time field, with the clock it is on */
function timeOf(row: Row, fields: ReadonlyArray<readonly [string, FindingClock]>): { at: number; clock: FindingClock } | null {
  for (const [field, clock] of fields) {
    const at = epochOf(row[field]);
    if (at !== null) return { at, clock };
  }
  return null;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const q = encodeURIComponent;

/** Maintenance management: work orders per machine (`GET /work-orders?machineId=`). */
export class MaintenanceWorkOrdersSource implements FindingsSource {
  readonly name = 'maintenance' as const;
  constructor(private readonly api: PlatformApiClient) {}

  fetch(truth: GroundTruth): Promise<FindingsResult> {
    return guarded(async () => {
      const out: ObservedFinding[] = [];
      for (const d of truth.devices.filter((x) => x.kind === 'machine')) {
        for (const row of await getItems(this.api, `/work-orders?machineId=${q(d.deviceId)}&pageSize=200`)) {
          // first_detected_at is the finding's detection time, on the readings' clock
          const t = timeOf(row, [['firstDetectedAt', 'sim'], ['detectedAt', 'sim'], ['openedAt', 'wall'], ['createdAt', 'wall']]);
          if (!t) continue;
          out.push({ source: this.name, subject: str(row.machineId ?? d.deviceId), kind: `${str(row.component)} ${str(row.kind)}`.trim(), ...t, ref: str(row.id) });
        }
      }
      return out;
    });
  }
}

/** Call centre: cases per vehicle, open and closed (`GET /call-centre/cases?vehicleId=&status=`). */
export class CallCentreCasesSource implements FindingsSource {
  readonly name = 'callcentre' as const;
  constructor(
    private readonly api: PlatformApiClient,
    private readonly statuses: readonly (string | null)[] = [null, 'resolved', 'closed'],
  ) {}

  fetch(truth: GroundTruth): Promise<FindingsResult> {
    return guarded(async () => {
      const out = new Map<string, ObservedFinding>();
      for (const d of truth.devices.filter((x) => x.kind === 'vehicle')) {
        for (const status of this.statuses) {
          const path = `/call-centre/cases?vehicleId=${q(d.deviceId)}&pageSize=200${status ? `&status=${status}` : ''}`;
          for (const row of await getItems(this.api, path)) {
            if (out.has(str(row.id))) continue;
            // a case opens at the wall-clock time it was stored; its incidents carry the detection time
            const t = (await this.firstIncidentAt(str(row.id))) ?? timeOf(row, [['firstDetectedAt', 'sim'], ['openedAt', 'wall'], ['createdAt', 'wall']]);
            if (!t) continue;
            out.set(str(row.id), { source: this.name, subject: str(row.vehicleId ?? d.deviceId), kind: str(row.kind), ...t, ref: str(row.id) });
          }
        }
      }
      return [...out.values()];
    });
  }

  /** the earliest incident detection of a case (`GET /call-centre/cases/:id`), on the readings' clock */
  private async firstIncidentAt(caseId: string): Promise<{ at: number; clock: FindingClock } | null> {
    const incidents = await detailField(this.api, `/call-centre/cases/${q(caseId)}`, 'incidents');
    if (!Array.isArray(incidents)) return null;
    const times = incidents.map((i) => epochOf((i as Row).detectedAt)).filter((x): x is number => x !== null);
    return times.length > 0 ? { at: Math.min(...times), clock: 'sim' } : null;
  }
}

/** Paper trading: orders (filled or refused), each from one market signal (`GET /trading/orders`). */
export class TradingOrdersSource implements FindingsSource {
  readonly name = 'trading' as const;
  constructor(private readonly api: PlatformApiClient) {}

  fetch(truth: GroundTruth): Promise<FindingsResult> {
    return guarded(async () => {
      const tickers = [...new Set(truth.injections.filter((i) => i.kind === 'ticker-news').map((i) => i.subject))];
      const out: ObservedFinding[] = [];
      for (const ticker of tickers) {
        for (const row of await getItems(this.api, `/trading/orders?ticker=${q(ticker)}&limit=500`)) {
          // an order belongs to this run when one of its tweets does (tweet ids start with the run id)
          const tweetIds = Array.isArray(row.tweetIds) ? (row.tweetIds as unknown[]).map(str) : [];
          if (tweetIds.length > 0 && !tweetIds.some((id) => id.startsWith(`${truth.runId}-`))) continue;
          // the signal window's end is on the tweets' clock (the order detail carries the signal); the emission and the order are not
          const signal = (row.signal ?? (await this.signalOf(str(row.id))) ?? {}) as Row;
          const window = (signal.window ?? {}) as Row;
          const t = timeOf({ windowEnd: window.end, ...row }, [['windowEnd', 'sim'], ['signalEmittedAt', 'wall'], ['createdAt', 'wall']]);
          if (!t) continue;
          out.push({ source: this.name, subject: str(row.ticker), kind: str(row.side), ...t, ref: str(row.id) });
        }
      }
      return out;
    });
  }

  private async signalOf(orderId: string): Promise<Row | null> {
    const signal = await detailField(this.api, `/trading/orders/${q(orderId)}`, 'signal');
    return signal && typeof signal === 'object' ? (signal as Row) : null;
  }
}

/** Vehicle dispatch: transit disruptions, active and ended (`GET /dispatch/disruptions?status=all`). */
export class DispatchDisruptionsSource implements FindingsSource {
  readonly name = 'dispatch' as const;
  constructor(private readonly api: PlatformApiClient) {}

  fetch(truth: GroundTruth): Promise<FindingsResult> {
    return guarded(async () => {
      const out: ObservedFinding[] = [];
      for (const row of await getItems(this.api, '/dispatch/disruptions?status=all')) {
        const t = timeOf(row, [['startedAt', 'sim'], ['receivedAt', 'wall']]);
        if (!t) continue;
        // only disruptions that started during this run
        const inRun = t.clock === 'sim' ? t.at >= truth.clock.simStart && t.at <= truth.clock.simEnd + 3_600_000 : t.at >= truth.clock.wallStart;
        if (!inRun) continue;
        out.push({
          source: this.name,
          subject: str(row.lineId),
          subjectNames: [str(row.lineName)],
          kind: str(row.kind),
          ...t,
          ref: str(row.disruptionId ?? row.id),
        });
      }
      return out;
    });
  }
}

/** The four record systems' sources on one API client. */
export function restFindingsSources(api: PlatformApiClient): FindingsSource[] {
  return [new MaintenanceWorkOrdersSource(api), new CallCentreCasesSource(api), new TradingOrdersSource(api), new DispatchDisruptionsSource(api)];
}
