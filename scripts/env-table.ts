/** Prints the Markdown table of every environment variable (README "Configuration"): `npm run -s docs:env`. */
import { join } from 'node:path';
import { envCatalogue } from '../apps/platform/src/env-catalogue';

const rows = envCatalogue(join(__dirname, '..'));
const lines = ['| variable | service | default | meaning |', '|---|---|---|---|'];
for (const v of rows) lines.push(`| \`${v.name}\` | ${v.scope} | \`${v.defaultValue}\` | ${v.meaning.replace(/\|/g, '\\|')} |`);
process.stdout.write(lines.join('\n') + '\n');
