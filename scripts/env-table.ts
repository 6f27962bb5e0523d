/**
 * The Markdown table of every environment variable (README "Configuration"), from
 * the schemas and their doc comments: `npm run -s docs:env` prints it;
 * `npm run -s docs:env -- --write` puts it into README.md in place of the old one.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { envCatalogue } from '@apps/platform';

const ROOT = join(__dirname, '..');
const HEADER = '| variable | service | default | meaning |';

const rows = envCatalogue(ROOT);
const lines = [HEADER, '|---|---|---|---|'];
for (const v of rows) lines.push(`| \`${v.name}\` | ${v.scope} | \`${v.defaultValue}\` | ${v.meaning.replace(/\|/g, '\\|')} |`);
const table = lines.join('\n');

if (process.argv.includes('--write')) {
  const readmePath = join(ROOT, 'README.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(HEADER);
  if (start < 0) throw new Error(`README.md has no table starting with ${HEADER}`);
  const end = readme.indexOf('\n\n', start);
  writeFileSync(readmePath, readme.slice(0, start) + table + (end < 0 ? '\n' : readme.slice(end)));
  process.stdout.write(`README.md: configuration table rewritten (${rows.length} variables)\n`);
} else {
  process.stdout.write(table + '\n');
}
