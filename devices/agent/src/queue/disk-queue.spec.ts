import fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setLogLevel } from '@tsunagu/platform/logging/logger';
import { DiskQueue } from './disk-queue';
import { MemoryQueue } from './memory-queue';

setLogLevel('silent');

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-'));
}

const payload = (id: number) => JSON.stringify({ seq: id, v: 'x'.repeat(10) });

/** A DiskQueue on `dir`, opened, with `count` entries appended on topic `t`. */
async function openQueue(dir: string, options: Omit<ConstructorParameters<typeof DiskQueue>[0], 'dir'> = {}, count = 0): Promise<DiskQueue> {
  const q = new DiskQueue({ dir, ...options });
  await q.open();
  for (let i = 0; i < count; i++) q.append('t', payload);
  return q;
}

describe('MemoryQueue', () => {
  it('assigns contiguous ids and keeps entries until acked, in order', () => {
    const q = new MemoryQueue();
    for (let i = 0; i < 5; i++) q.append('t', payload);
    expect(q.entriesAfter(0, 10).map((e) => e.id)).toEqual([1, 2, 3, 4, 5]);
    expect(q.entriesAfter(3, 10).map((e) => e.id)).toEqual([4, 5]);
    q.ack(1);
    expect(q.ackedId).toBe(1);
    expect(q.entriesAfter(0, 10).map((e) => e.id)).toEqual([2, 3, 4, 5]);
  });

  it('remembers out-of-order acks until the gap closes', () => {
    const q = new MemoryQueue();
    for (let i = 0; i < 4; i++) q.append('t', payload);
    q.ack(3);
    q.ack(2);
    expect(q.ackedId).toBe(0);
    q.ack(1);
    expect(q.ackedId).toBe(3);
    expect(q.stats().pending).toBe(1);
  });

  it('drop-oldest keeps the newest entries within the count bound', () => {
    const q = new MemoryQueue({ maxEntries: 3, maxBytes: 1e9, overflow: 'drop-oldest' });
    const results = [1, 2, 3, 4, 5].map(() => q.append('t', payload));
    expect(results[3]!.dropped).toBe(1);
    expect(q.entriesAfter(0, 10).map((e) => e.id)).toEqual([3, 4, 5]);
    expect(q.stats()).toMatchObject({ pending: 3, dropped: 2, ackedId: 2 });
  });

  it('refuse keeps the oldest entries and refuses new ones', () => {
    const q = new MemoryQueue({ maxEntries: 2, maxBytes: 1e9, overflow: 'refuse' });
    q.append('t', payload);
    q.append('t', payload);
    expect(q.append('t', payload).entry).toBeNull();
    expect(q.entriesAfter(0, 10).map((e) => e.id)).toEqual([1, 2]);
    expect(q.nextId).toBe(3);
    expect(q.stats().refused).toBe(1);
  });

  it('bounds by bytes too', () => {
    const q = new MemoryQueue({ maxEntries: 1000, maxBytes: 200, overflow: 'drop-oldest' });
    for (let i = 0; i < 10; i++) q.append('t', payload);
    expect(q.stats().pendingBytes).toBeLessThanOrEqual(200);
    expect(q.stats().pending).toBeGreaterThan(0);
  });
});

describe('DiskQueue', () => {
  it('survives a restart: unacked entries come back in order and ids keep increasing', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir);
    for (let i = 0; i < 5; i++) q1.append('tsunagu/v1/devices/d/telemetry', payload);
    q1.ack(1);
    q1.ack(2);
    await q1.close();

    const q2 = await openQueue(dir);
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([3, 4, 5]);
    expect(JSON.parse(q2.entriesAfter(0, 1)[0]!.payload)).toEqual({ seq: 3, v: 'x'.repeat(10) });
    expect(q2.append('t', payload).entry!.id).toBe(6);
    await q2.close();
  });

  it('never reuses an id once everything was acked and the segment compacted', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir, { compactMinBytes: 1 }, 20);
    for (let i = 1; i <= 20; i++) q1.ack(i);
    await q1.close();
    expect(fs.readFileSync(path.join(dir, 'segment.jsonl'), 'utf8')).toBe('');

    const q2 = await openQueue(dir);
    expect(q2.stats().pending).toBe(0);
    expect(q2.append('t', payload).entry!.id).toBe(21);
    await q2.close();
  });

  it('compacts the segment once acked lines dominate it', async () => {
    const dir = tmpDir();
    const q = await openQueue(dir, { compactMinBytes: 500 }, 50);
    const before = fs.statSync(path.join(dir, 'segment.jsonl')).size;
    for (let i = 1; i <= 45; i++) q.ack(i);
    const after = fs.statSync(path.join(dir, 'segment.jsonl')).size;
    expect(after).toBeLessThan(before / 2);
    await q.close();
    const q2 = await openQueue(dir);
    expect(q2.entriesAfter(0, 100).map((e) => e.id)).toEqual([46, 47, 48, 49, 50]);
    await q2.close();
  });

  it('cuts a torn last line left by a crash mid-write', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir, { fsync: 'always' });
    q1.append('t', payload);
    q1.append('t', payload);
    await q1.close();
    fs.appendFileSync(path.join(dir, 'segment.jsonl'), '{"id":3,"topic":"t","pay');

    const q2 = await openQueue(dir);
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([1, 2]);
    expect(q2.append('t', payload).entry!.id).toBe(3);
    await q2.close();
    const q3 = await openQueue(dir);
    expect(q3.entriesAfter(0, 10).map((e) => e.id)).toEqual([1, 2, 3]);
    await q3.close();
  });

  it('keeps the entries after a damaged line instead of cutting them off', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir, { fsync: 'always' }, 4);
    await q1.close();
    // entry 2's line damaged in place (a bad sector, a half-written block), the lines after it intact
    const file = path.join(dir, 'segment.jsonl');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 10) + '#'.repeat(lines[1]!.length - 10);
    fs.writeFileSync(file, lines.join('\n'));

    const q2 = await openQueue(dir);
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([1, 3, 4]);
    expect(q2.entriesAfter(1, 10).map((e) => e.id)).toEqual([3, 4]);
    expect(q2.append('t', payload).entry!.id).toBe(5);
    q2.ack(1);
    q2.ack(3);
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([4, 5]);
    await q2.close();
  });

  it('writes every byte when the system writes less than asked (short writes)', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir, { fsync: 'always' });
    const real = fs.writeSync;
    // at most 7 bytes per call, like a write(2) interrupted again and again
    const spy = jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Buffer, off: number, len: number) =>
      real(fd, buf, off, Math.min(len, 7))) as unknown as typeof fs.writeSync);
    try {
      for (let i = 0; i < 3; i++) q1.append('t', payload);
      q1.ack(1);
      q1.flushAcked();
    } finally {
      spy.mockRestore();
    }
    await q1.close();
    const q2 = await openQueue(dir);
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([2, 3]);
    await q2.close();
  });

  it('syncs the directory after a rename, so a power cut cannot undo it', async () => {
    const dir = tmpDir();
    const q1 = await openQueue(dir, { fsync: 'always' });
    q1.append('t', payload);
    const synced: number[] = [];
    const opened = new Map<number, string>();
    const realOpen = fs.openSync;
    const openSpy = jest.spyOn(fs, 'openSync').mockImplementation(((p: fs.PathLike, flags?: fs.OpenMode) => {
      const fd = realOpen(p, flags ?? 'r');
      opened.set(fd, String(p));
      return fd;
    }) as typeof fs.openSync);
    const syncSpy = jest.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => void synced.push(fd));
    try {
      q1.ack(1);
      q1.flushAcked();
    } finally {
      openSpy.mockRestore();
      syncSpy.mockRestore();
    }
    expect(synced.map((fd) => opened.get(fd))).toContain(dir);
    await q1.close();
  });

  it('drop-oldest on disk: the dropped entries do not come back after a restart', async () => {
    const dir = tmpDir();
    const q1 = new DiskQueue({ dir, limits: { maxEntries: 3, maxBytes: 1e9, overflow: 'drop-oldest' } });
    await q1.open();
    for (let i = 0; i < 6; i++) q1.append('t', payload);
    await q1.close();
    const q2 = new DiskQueue({ dir, limits: { maxEntries: 3, maxBytes: 1e9, overflow: 'drop-oldest' } });
    await q2.open();
    expect(q2.entriesAfter(0, 10).map((e) => e.id)).toEqual([4, 5, 6]);
    await q2.close();
  });
});
