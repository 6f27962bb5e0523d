import { parseBulkFile } from './bulk-file';

describe('bulk provisioning files', () => {
  it('reads quoted CSV fields, trimmed', () => {
    const { rows } = parseBulkFile('csv', 'action,deviceId,kind,model,site\ncreate,exc-1,machine,"excavator, 20t",  "site ""A"""');
    expect(rows[0]).toMatchObject({ line: 2, ok: true, row: { model: 'excavator, 20t', site: 'site "A"' } });
  });

  it('reads CSV by its header and names each bad line', () => {
    const csv = ['kind,model,action,deviceId', 'machine,excavator-20t,create,exc-1', ',,disable,veh-9', 'toaster,x,create,', 'machine,x,create'].join('\n');
    const { rows, error } = parseBulkFile('csv', csv);
    expect(error).toBeUndefined();
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, false],
    ]);
    expect(rows[0]).toMatchObject({ row: { action: 'create', deviceId: 'exc-1', kind: 'machine', model: 'excavator-20t' } });
    expect(!rows[2]!.ok && rows[2]!.error).toContain('kind');
    expect(!rows[3]!.ok && rows[3]!.error).toContain('3 fields');
  });

  it('reads JSON Lines, skipping blank lines', () => {
    const { rows } = parseBulkFile('jsonl', '{"action":"rotate","deviceId":"exc-1"}\n\n{"action":"explode"}\n{bad');
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
    ]);
  });

  it('refuses a CSV without a header, and an empty file', () => {
    expect(parseBulkFile('csv', 'create,exc-1,machine,x').error).toContain('header');
    expect(parseBulkFile('jsonl', '\n\n').error).toContain('no rows');
  });
});
