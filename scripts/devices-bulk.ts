/**
 * Bulk provisioning from a file: create, disable or rotate many devices at once
 * through `POST /devices/bulk`. The whole file is checked before anything is
 * written; a bad file writes nothing and the report names each bad line.
 *
 *   npm run devices:bulk -- devices.csv [--url http://127.0.0.1:3000] [--token T] [--out secrets.jsonl]
 *   (token also from TSUNAGU_TOKEN, an admin token; format from the extension: .csv, or .jsonl / .ndjson)
 *
 * CSV header: action,deviceId,kind,model,site (any order; action is create | disable | rotate).
 * The new secrets are in the response only: with --out they go to that file (mode 0600),
 * one JSON line per created or rotated device; without it, to stdout.
 * Exit codes: 0 applied, 1 refused (the report on stderr), 2 bad usage.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';

interface RowReport {
  line: number;
  action?: string;
  deviceId?: string;
  ok: boolean;
  error?: string;
  device?: { deviceId: string; password: string };
  password?: string;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      token: { type: 'string', default: process.env.TSUNAGU_TOKEN },
      out: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) return usage('a file is required');
  if (!values.token) return usage('--token (or TSUNAGU_TOKEN) is required: an admin API token');
  const ext = extname(file).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.jsonl' || ext === '.ndjson' ? 'jsonl' : null;
  if (!format) return usage(`cannot tell the format of ${file}: name it .csv, .jsonl or .ndjson`);
  // the file as the raw body (up to 1 MiB; the server checks it is UTF-8)
  const res = await fetch(`${values.url}/devices/bulk`, {
    method: 'POST',
    headers: { 'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson', authorization: `Bearer ${values.token}` },
    body: readFileSync(file),
  });
  const body = (await res.json().catch(() => ({}))) as { message?: string; rows?: RowReport[]; created?: number; disabled?: number; rotated?: number };
  if (!res.ok) {
    process.stderr.write(`devices:bulk: refused (${res.status}): ${body.message ?? 'no reason given'}\n`);
    for (const r of body.rows ?? []) if (!r.ok) process.stderr.write(`  line ${r.line}${r.deviceId ? ` (${r.deviceId})` : ''}: ${r.error}\n`);
    return 1;
  }
  const secrets = (body.rows ?? []).flatMap((r) =>
    r.device ? [{ line: r.line, action: r.action, deviceId: r.device.deviceId, password: r.device.password }] : r.password ? [{ line: r.line, action: r.action, deviceId: r.deviceId, password: r.password }] : [],
  );
  const lines = secrets.map((s) => JSON.stringify(s)).join('\n') + (secrets.length > 0 ? '\n' : '');
  if (values.out) writeFileSync(values.out, lines, { mode: 0o600 });
  else process.stdout.write(lines);
  process.stderr.write(`devices:bulk: ${body.created} created, ${body.disabled} disabled, ${body.rotated} rotated${values.out ? `; secrets in ${values.out}` : ''}\n`);
  return 0;
}

function usage(problem: string): number {
  process.stderr.write(`devices:bulk: ${problem}\nusage: npm run devices:bulk -- <file.csv|file.jsonl> [--url URL] [--token T] [--out secrets.jsonl]\n`);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`devices:bulk: ${err.message}\n`);
    process.exit(1);
  },
);
