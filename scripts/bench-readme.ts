/**
 * Regenerates the README's benchmark summary from the reports the bench scripts write
 * (bench/reports/*.json): the text between `<!-- bench:summary:start -->` and
 * `<!-- bench:summary:end -->` is replaced, nothing else is touched. A report that is
 * missing is listed as not run. Each row gives the figure, the baseline of the same
 * run, their ratio, the issue's target, and when and under what load it was measured.
 *
 *   npm run bench:readme
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const README = resolve(ROOT, 'README.md');
const REPORTS = resolve(ROOT, 'bench/reports');

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- report shapes are the bench scripts' own
interface Row {
  what: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  /** when and under what load, where a report holds runs of different times (default: the report's, on its first row) */
  measured?: string;
}

const n = (x: number): string => Math.round(x).toLocaleString('en-US').replace(/,/g, ' ');
const r = (x: number): string => `${x.toFixed(2)}×`;
const pct = (x: number): string => `${Math.round(x * 100)} %`;

function read(name: string): Json | null {
  const file = resolve(REPORTS, `${name}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Json) : null;
}

/** When and under what load: the report's own date and 1-minute load average. */
function when(report: Json): string {
  const date = String(report.measuredAt ?? report.date ?? '').slice(0, 16).replace('T', ' ');
  const load = ((report.loadAverage ?? report.machine?.loadAverage) as number[] | undefined)?.[0];
  return `${date} UTC, load ${load === undefined ? '?' : load.toFixed(1)}`;
}

/** A tweet service's batch path per batch size (BENCH_SERVICE=1), beside decode + prepare alone on one core. */
function serviceRows(service: string, j: Json): Row[] {
  return ((j.service?.runs ?? []) as Json[]).map((run) => ({
    what: `${service} batch path (kernel, PostgreSQL), batch ${n(run.batch)}`,
    figure: `${n(run.perSecond)} tweets/s`,
    baseline: `${j.service.baseline.name}: ${n(j.service.baseline.tweetsPerSecond)}/s`,
    ratio: r(run.ratio),
    target: '≥ 10 000 tweets/s',
  }));
}

const SECTIONS: Array<{ name: string; command: string; rows(report: Json): Row[] }> = [
  {
    name: 'ingest',
    command: 'npm run bench:ingest',
    rows: (j) => [
      {
        what: `MQTT QoS 1 → Kafka ack → PUBACK, ${j.devices} devices × ${j.window} in flight`,
        figure: `${n(j.tsunagu.msgPerSec)} msg/s, p99 ${n(j.tsunagu.latenciesMs.p99)} ms`,
        baseline: `bare aedes ${n(j.bareAedes.msgPerSec)} msg/s; naive bridge ${n(j.naiveBridge.msgPerSec)}`,
        ratio: `${pct(j.ratio.tsunagu)} (naive ${pct(j.ratio.naiveBridge)})`,
        target: '≥ 70 % of bare aedes',
      },
      {
        what: 'the same at half that rate',
        figure: `p50 ${n(j.tsunaguPaced.latenciesMs.p50)} ms, p99 ${n(j.tsunaguPaced.latenciesMs.p99)} ms`,
        // reports written before the bare aedes run at this rate have no baseline
        baseline: j.bareAedesPaced ? `bare aedes at that rate: p50 ${n(j.bareAedesPaced.latenciesMs.p50)} ms, p99 ${n(j.bareAedesPaced.latenciesMs.p99)} ms` : '',
        ratio: '',
        target: 'p99 ≤ 20 ms',
      },
    ],
  },
  {
    name: 'connections',
    command: 'npm run bench:connections',
    rows: (j) => [
      {
        what: `${n(j.devices)} authenticated devices connecting at once`,
        figure: `${n(j.tsunagu.firstConnectsPerSec)} first connects/s, ${n(j.tsunagu.reconnectsPerSec)} reconnects/s`,
        baseline: `bare aedes ${n(j.bareAedes.firstConnectsPerSec)} / ${n(j.bareAedes.reconnectsPerSec)}`,
        ratio: `${pct(j.ratio.first)} / ${pct(j.ratio.reconnect)}`,
        target: '≥ 3 000 connects/s',
      },
      {
        what: 'heap per idle connection',
        figure: `${(j.tsunagu.heapPerConnection / 1000).toFixed(1)} KB`,
        baseline: `bare aedes ${(j.bareAedes.heapPerConnection / 1000).toFixed(1)} KB`,
        ratio: r(j.ratio.heap),
        target: '≤ 20 KB',
      },
    ],
  },
  ...(['machine', 'vehicle'] as const).map((kind) => ({
    name: `${kind}-analysis`,
    command: `BENCH_SERVICE=1 npm run bench:${kind}-analysis`,
    rows: (j: Json): Row[] => [
      ...((j.service?.runs ?? []) as Json[]).map((run) => ({
        what: `${kind === 'machine' ? 'operation analysis' : 'vehicle monitoring'} batch path, batch ${n(run.batch)}`,
        figure: `${n(run.readingsPerSec)} readings/s`,
        baseline: `decode + analysis alone, one core: ${n(kind === 'machine' ? j.analysis.decodeAndAnalysisPerSec : j.decodeAndAnalysisPerSec.median)}`,
        ratio: r(run.ratio),
        target: '≥ 20 000 readings/s',
      })),
      ...[kind === 'machine' ? ['findings → work orders', j.workOrders, 'findingsPerSec'] : ['incidents → cases', j.cases, 'incidentsPerSec']]
        .filter(([, part]) => part)
        .map(([what, part, key]) => ({
          what: String(what),
          figure: `${n(part[key])}/s`,
          baseline: `row by row ${n(part.rowByRowPerSec)}/s`,
          ratio: r(part.ratio),
          target: '≥ 5 000/s',
        })),
    ],
  })),
  {
    name: 'market-sentiment',
    command: 'BENCH_SERVICE=1 npm run bench:market-sentiment',
    rows: (j) => [
      {
        what: 'finance sentiment on realistic tweets (tickers, lexicon, model, label), one core',
        figure: `${n(j.analysis.tweetsPerSecond.median)} tweets/s`,
        baseline: `natural's AFINN analyser ${n(j.baseline.tweetsPerSecond.median)}/s`,
        ratio: r(j.ratio),
        target: '≥ 100 000 tweets/s',
      },
      ...serviceRows('market-sentiment', j),
    ],
  },
  {
    name: 'tweet-analysis',
    command: 'BENCH_SERVICE=1 npm run bench:tweet-analysis',
    rows: (j) => [
      ...Object.entries(j.perLanguage as Record<string, Json>).map(([lang, l]) => ({
        what: `delay detection (classification + lines), ${lang === 'ja' ? 'Japanese' : 'English'}, one core`,
        figure: `${n(l.classificationAndLines.tweetsPerSecond.median)} tweets/s`,
        baseline: `${l.baseline.name} ${n(l.baseline.tweetsPerSecond.median)}/s`,
        ratio: r(l.ratio),
        target: '≥ 50 000 tweets/s',
      })),
      ...serviceRows('tweet-analysis', j),
    ],
  },
  {
    name: 'telemetry-history',
    command: 'npm run bench:telemetry-history',
    rows: (j) => [
      ...(j.write as Json[]).map((w) => ({
        what: `history writes, ${w.instances} instance × ${w.partitions} partition(s)`,
        figure: `${n(w.readingsPerSec)} readings/s`,
        baseline: `plain multi-row INSERT ${n(w.baselinePlainInsertPerSec)}/s`,
        ratio: r(w.ratio),
        target: '≥ 50 000 readings/s',
      })),
      {
        what: `${j.query.rangeDays}-day range (${n(j.query.rawReadings)} readings) → ${j.query.points} points`,
        figure: `median ${j.query.httpMedianMs} ms, p95 ${j.query.httpP95Ms} ms`,
        baseline: `raw-row scan ${j.query.baselineRawScanMedianMs} ms`,
        ratio: `${j.query.speedup}× faster`,
        target: '≤ 200 ms',
      },
    ],
  },
  {
    name: 'e2e',
    command: 'npm run bench:e2e',
    rows: (j) =>
      Object.values(j.modes as Record<string, Json>).map((m) => ({
        what: `end to end, ${m.mode === 'services' ? 'separate services' : 'all-in-one process'}: ${n(m.devices)} machines → ingest → Kafka → operation analysis → maintenance record (+ history)`,
        figure: `${n(m.sustainedReadingsPerSec)} readings/s sustained; publish → SoR record p50 ${n(m.steady.sor.observed.p50 ?? 0)} ms, p99 ${n(m.steady.sor.observed.p99 ?? 0)} ms`,
        baseline: `generator → bare aedes ${n(m.bareAedes.ackedPerSec)} msg/s; ingest PUBACK p99 ${n(m.steady.pubackMs.p99 ?? 0)} ms at the same load`,
        ratio: pct(m.ratio),
        target: '≥ 15 000 readings/s, p99 ≤ 200 ms',
        measured: when(m),
      })),
  },
];

export function benchSummary(): string {
  const lines = ['| command | what | figure | baseline (same run) | ratio | target | measured |', '|---|---|---|---|---|---|---|'];
  for (const section of SECTIONS) {
    const report = read(section.name);
    if (!report) {
      lines.push(`| \`${section.command}\` | (no report in bench/reports/${section.name}.json yet) | | | | | |`);
      continue;
    }
    section.rows(report).forEach((row, i) =>
      lines.push(`| ${i === 0 ? `\`${section.command}\`` : ''} | ${row.what} | ${row.figure} | ${row.baseline} | ${row.ratio} | ${row.target} | ${row.measured ?? (i === 0 ? when(report) : '')} |`),
    );
  }
  return lines.join('\n');
}

function main(): void {
  const readme = readFileSync(README, 'utf8');
  const start = '<!-- bench:summary:start -->';
  const end = '<!-- bench:summary:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) throw new Error(`README.md has no ${start} … ${end} block`);
  writeFileSync(README, `${readme.slice(0, a + start.length)}\n${benchSummary()}\n${readme.slice(b)}`);
  process.stdout.write('README.md: benchmark summary regenerated from bench/reports/\n');
}

if (require.main === module) main();
