/**
 * The chaos suite's report: what each fault did (with what `/health` said) and the
 * proof from the records per pair, as JSON (reports/chaos.json) and as tables.
 */
import type { HistoryResult } from './chaos-history';
import type { TweetResult } from './chaos-tweets';
import type { PartResult } from './chaos-verify';

export interface HealthObservation {
  readonly service: string;
  /** the /health status that is the truth during the outage (null: the process is gone, nothing answers) */
  readonly expected: number | null;
  readonly observed: number | null;
  readonly ok: boolean;
}

export interface FaultResult {
  readonly fault: string;
  readonly target: string;
  readonly downMs: number;
  readonly recoveredMs: number;
  readonly health: readonly HealthObservation[];
  /** readings PUBACKed while the fault lasted (the other broker serves; none while Kafka is away) */
  readonly ackedDuring: number;
  /** what ackedDuring must be: 'none' while no broker may acknowledge, 'some' while another serves, 'any' otherwise */
  readonly ackedExpected: 'none' | 'some' | 'any';
  readonly ok: boolean;
}

export interface ChaosReport {
  readonly plan: string;
  readonly startedAt: string;
  readonly durationMs: number;
  /** pair 1 as separate services: machines → operation analysis → maintenance */
  readonly services: PartResult | null;
  /** pair 2: vehicles → vehicle monitoring → call centre */
  readonly vehicles: PartResult | null;
  /** pairs 3 and 4: tweets → tweet analysis → dispatch, tweets and prices → market sentiment → trading */
  readonly tweets: TweetResult | null;
  /** every machine and vehicle reading in telemetry history */
  readonly history: HistoryResult | null;
  readonly singleProcess: PartResult | null;
  readonly faults: readonly FaultResult[];
  readonly ok: boolean;
}

const row = (cells: readonly (string | number)[]) => `| ${cells.join(' | ')} |`;
const rule = (n: number) => row(Array.from({ length: n }, () => '---'));
const yes = (ok: boolean) => (ok ? 'yes' : 'NO');

const said = (h: HealthObservation) => `${h.expected ?? 'none'}→${h.observed ?? 'none'}`;

/**
 * What /health said during a fault, per outcome: the services by name
 * (`operation-analysis #0 none→none, #1 200→200`), the most common outcome of many as
 * `the other 15 503→503` (`all 17 503→503` when every service said the same).
 */
function truthOf(f: FaultResult): string {
  const during = f.health.filter((h) => !h.service.endsWith(' after'));
  const byOutcome = new Map<string, string[]>();
  for (const h of during) byOutcome.set(said(h), [...(byOutcome.get(said(h)) ?? []), h.service]);
  const [common] = [...byOutcome.entries()].sort((x, y) => y[1].length - x[1].length);
  return [...byOutcome.entries()]
    .map(([outcome, services]) => {
      if (services.length > 3 && services === common![1]) return `${byOutcome.size === 1 ? 'all' : 'the other'} ${services.length} ${outcome}`;
      return `${services.join(' ')} ${outcome}`;
    })
    .join(', ');
}

/** The report as text: one row per fault (with what /health said), then the proof from the records per pair. */
export function formatReport(r: ChaosReport): string {
  const lines: string[] = [`chaos ${r.plan}: ${r.ok ? 'OK' : 'FAILED'} in ${Math.round(r.durationMs / 1000)} s`, ''];
  lines.push(row(['fault', 'target', 'down ms', 'recovered ms', 'PUBACKs during (expected)', '/health during: expected → observed', 'ok']), rule(7));
  for (const f of r.faults) {
    lines.push(row([f.fault, f.target, f.downMs, f.recoveredMs, `${f.ackedDuring} (${f.ackedExpected})`, truthOf(f), yes(f.ok)]));
  }
  lines.push('', row(['devices', 'count', 'readings', 'PUBACKed', 'on the bus', 'missing', 'bus duplicates', 'resent', 'analysed exactly once', 'episodes', 'SoR records', 'missing', 'duplicate', 'ok']), rule(14));
  const parts = [
    ['machines → work orders (services)', r.services],
    ['vehicles → cases (services)', r.vehicles],
    ['machines → work orders (single process)', r.singleProcess],
  ] as const;
  for (const [label, p] of parts) {
    if (!p) continue;
    lines.push(row([label, p.devices, p.readings, p.acked, p.onBus, p.missingOnBus, p.busDuplicates, p.resent, `${p.analysedExactlyOnce}/${p.devices}`, p.episodes, p.records, p.missingRecords, p.duplicateRecords, yes(p.ok)]));
  }
  const h = r.history;
  if (h) {
    lines.push('', row(['telemetry history', 'devices', 'PUBACKed', 'rows', 'missing', 'extra', 'devices miscounted (roll-ups, counts)', 'ok']), rule(8));
    lines.push(row(['machines and vehicles', h.devices, h.acked, h.rows, h.missingRows, h.extraRows, h.devicesMiscounted, yes(h.ok)]));
  }
  const t = r.tweets;
  if (t) {
    lines.push('', row(['tweets', 'posted', 'accepted', 'reposted', 'on the bus', 'missing', 'bus duplicates', 'delay episodes', 'disruptions', 'missing', 'duplicate', 'ticker episodes', 'counted once', 'orders', 'missing', 'duplicate', 'ok']), rule(17));
    lines.push(row(['tweets and prices', t.tweets, t.accepted, t.reposted, t.onBus, t.missingOnBus, t.busDuplicates, t.transitEpisodes, t.disruptions, t.missingDisruptions, t.duplicateDisruptions, t.marketEpisodes, `${t.tickersCountedOnce}/${t.marketEpisodes}`, t.orders, t.missingOrders, t.duplicateOrders, yes(t.ok)]));
  }
  return lines.join('\n');
}
