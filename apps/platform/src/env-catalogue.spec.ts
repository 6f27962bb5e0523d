import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { envCatalogue } from './env-catalogue';

const ROOT = join(__dirname, '..', '..', '..');

describe('configuration docs match the code', () => {
  const variables = envCatalogue(ROOT);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

  it.each(variables.map((v) => [v.name, v]))('%s is documented in its schema and in the README', (name, variable) => {
    expect(variable.meaning).not.toBe('');
    expect(readme).toContain(`\`${name}\``);
  });
});
