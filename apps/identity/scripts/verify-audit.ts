/**
 * `npm run audit:verify`: checks the audit trail's hash chain in DATABASE_URL and
 * names the first broken row. Exit 0 when it holds, 1 when broken, 78 without a
 * database URL.
 */
import { Client } from 'pg';
import { databaseEnv, loadConfig } from '@tsunagu/platform';
import { verifyChain } from '../src/audit/audit-chain';

async function main(): Promise<number> {
  const { DATABASE_URL } = loadConfig(databaseEnv);
  if (!DATABASE_URL) {
    process.stderr.write('DATABASE_URL: required (the all-in-one process on embedded defaults: postgres://postgres:postgres@127.0.0.1:5433/postgres)\n');
    return 78;
  }
  const client = new Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const report = await verifyChain(async (sql, params) => (await client.query(sql, params)).rows as Array<Record<string, unknown>>);
    process.stdout.write(`${JSON.stringify(report)}\n`);
    return report.ok ? 0 : 1;
  } finally {
    await client.end();
  }
}

void main().then((code) => {
  process.exitCode = code;
});
