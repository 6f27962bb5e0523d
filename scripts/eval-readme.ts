/**
 * Regenerates the README's quality tables from reports/eval.json (written by
 * scripts/eval.ts): the text between `<!-- eval:NAME:start -->` and
 * `<!-- eval:NAME:end -->` is replaced, nothing else is touched.
 *
 *   npx tsx scripts/eval-readme.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const README = resolve(ROOT, 'README.md');

interface Report {
  accuracy: number;
  macroF1: number;
  examples: number;
  perLabel: Record<string, { precision: number; recall: number; f1: number }>;
}
interface Delay {
  examples: number;
  report: { precision: number; recall: number; f1: number };
  perLine: { f1: number; pairs: number };
  lineIdentification: { rate: number; correct: number; posts: number };
  threeClass: { accuracy: number };
}
interface EvalJson {
  model: string;
  finance: { analyzer: Report; modelAlone: Report; lexicon: Report; afinn: Report; majorityClass: Report } | { skipped: string };
  everyday: { polarity: Report; polarityModelAlone: Report; polarityLexiconAlone: Report; threeClass: Report };
  delay: { heldOut: Delay; blind: Delay };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const f = (x: number) => x.toFixed(3);

function financeSection(e: EvalJson): string {
  const lines = ['| analyser | accuracy | macro F1 | bearish P / R | bullish P / R |', '|---|---|---|---|---|'];
  if ('skipped' in e.finance) {
    lines.push(`| (finance evaluation skipped: ${e.finance.skipped}) | | | | |`);
  } else {
    const row = (name: string, r: Report) => `| ${name} | ${f(r.accuracy)} | ${f(r.macroF1)} | ${f(r.perLabel.bearish!.precision)} / ${f(r.perLabel.bearish!.recall)} | ${f(r.perLabel.bullish!.precision)} / ${f(r.perLabel.bullish!.recall)} |`;
    lines.push(row(`**analyser** (\`${e.model}\` + the lexicon's clear evidence)`, e.finance.analyzer));
    lines.push(row('trained model alone', e.finance.modelAlone));
    lines.push(row('lexicon alone (VADER + ours + finance words)', e.finance.lexicon));
    lines.push(row("natural's plain AFINN analyser", e.finance.afinn));
    lines.push(row('always "neutral"', e.finance.majorityClass));
    lines.push('', `Held-out: ${e.finance.analyzer.examples} tweets (20 % of ../shared/data/financial-tweets-train.csv, never trained or tuned on).`);
  }
  lines.push(
    '',
    `Everyday language (our own set, never trained on): **${pct(e.everyday.polarity.accuracy)}** of ${e.everyday.polarity.examples} clearly positive or negative posts get their polarity (model alone ${pct(e.everyday.polarityModelAlone.accuracy)}, lexicon alone ${pct(e.everyday.polarityLexiconAlone.accuracy)}); three classes ${f(e.everyday.threeClass.accuracy)} accuracy.`,
  );
  return lines.join('\n');
}

function delaySection(e: EvalJson): string {
  const row = (name: string, d: Delay) =>
    `| ${name} | ${d.examples} | ${f(d.report.precision)} / ${f(d.report.recall)} / **${f(d.report.f1)}** | **${f(d.perLine.f1)}** (${d.perLine.pairs}) | **${pct(d.lineIdentification.rate)}** (${d.lineIdentification.correct}/${d.lineIdentification.posts}) | ${f(d.threeClass.accuracy)} |`;
  return [
    '| set | posts | report P / R / F1 | per-line F1 (decisions) | line identified | 3-class accuracy |',
    '|---|---|---|---|---|---|',
    row('held-out 20 % of the labelled set', e.delay.heldOut),
    row('blind set (written after the rules were frozen)', e.delay.blind),
  ].join('\n');
}

function replace(text: string, name: string, body: string): string {
  const start = `<!-- eval:${name}:start -->`;
  const end = `<!-- eval:${name}:end -->`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a < 0 || b < a) throw new RangeError(`README has no ${start} … ${end} section`);
  return `${text.slice(0, a + start.length)}\n${body}\n${text.slice(b)}`;
}

const report = JSON.parse(readFileSync(resolve(ROOT, 'reports/eval.json'), 'utf8')) as EvalJson;
let readme = readFileSync(README, 'utf8');
readme = replace(readme, 'market-sentiment', financeSection(report));
readme = replace(readme, 'tweet-analysis', delaySection(report));
writeFileSync(README, readme);
console.log('README quality tables regenerated from reports/eval.json');
