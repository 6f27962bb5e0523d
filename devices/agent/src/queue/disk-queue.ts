import fs from 'node:fs';
import * as path from 'node:path';
import { createLogger, type Logger } from '@tsunagu/platform/logging/logger';
import { DEFAULT_QUEUE_LIMITS, type QueueEntry, type QueueLimits } from './outbox-queue';
import { MemoryQueue, lineOf } from './memory-queue';

/**
 * When appended entries reach the disk for good:
 * - `always`: fdatasync after every append (survives power loss, slowest);
 * - `interval`: fdatasync at most every `fsyncIntervalMs` (a process crash loses nothing,
 *   since the data is in the page cache; a power loss loses at most that window);
 * - `never`: leave it to the OS.
 */
export const FSYNC_MODES = ['always', 'interval', 'never'] as const;
export type FsyncMode = (typeof FSYNC_MODES)[number];

export interface DiskQueueOptions {
  /** directory of this device's outbox (created if missing) */
  readonly dir: string;
  readonly limits?: QueueLimits;
  readonly fsync?: FsyncMode;
  /** ms, for fsync `interval` */
  readonly fsyncIntervalMs?: number;
  /**
   * ms between writes of the acked id. A restart resends at most this window of
   * already-acked entries (duplicates carry the same seq, so consumers drop them).
   */
  readonly ackFlushMs?: number;
  /** rewrite the segment once this many bytes of it are acked (and they are over half of it) */
  readonly compactMinBytes?: number;
  readonly logger?: Logger;
}

const SEGMENT = 'segment.jsonl';
const ACKED = 'acked';

/** write(2) may write less than asked (a full disk, a signal): keep going until every byte is down. */
export function writeAll(fd: number, data: string): void {
  const buf = Buffer.from(data, 'utf8');
  for (let off = 0; off < buf.length; ) {
    const n = fs.writeSync(fd, buf, off, buf.length - off);
    if (n <= 0) throw new Error(`write returned ${n}`);
    off += n;
  }
}

/** A rename is durable only once its directory is synced (POSIX: the entry lives in the directory). */
function syncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The outbox on disk: an append-only JSON-lines segment (one `{id, topic, payload}` per
 * line) plus a small file holding the highest acked id. Lines at or below the acked id
 * are dead; the segment is rewritten without them once they dominate it. The acked
 * file is always written before a rewrite, so ids are never reused after a restart.
 * Every write is written whole (short writes continue), renames are followed by a
 * sync of the directory, a torn last line (the process or the power died
 * mid-write) is cut off on open, and a damaged line inside the segment is skipped,
 * never taking the lines after it with it.
 */
export class DiskQueue extends MemoryQueue {
  private fd: number | null = null;
  private fileBytes = 0;
  private dirty = false;
  private ackDirty = false;
  private fsyncTimer: NodeJS.Timeout | null = null;
  private ackTimer: NodeJS.Timeout | null = null;
  private readonly log: Logger;
  private readonly segmentPath: string;
  private readonly ackedPath: string;

  constructor(private readonly options: DiskQueueOptions) {
    super(options.limits ?? DEFAULT_QUEUE_LIMITS);
    this.log = options.logger ?? createLogger('device-agent.queue');
    this.segmentPath = path.join(options.dir, SEGMENT);
    this.ackedPath = path.join(options.dir, ACKED);
  }

  override async open(): Promise<void> {
    fs.mkdirSync(this.options.dir, { recursive: true });
    const ackedId = this.readAckedId();
    const { entries, goodBytes, tornBytes, damagedLines } = this.readSegment(ackedId);
    if (damagedLines > 0) this.log.error('outbox: skipped damaged lines (their entries are lost, the others kept)', { dir: this.options.dir, lines: damagedLines });
    if (tornBytes > 0) {
      this.log.warn('outbox: cut a torn last line (the agent stopped mid-write)', { dir: this.options.dir, bytes: tornBytes });
      fs.truncateSync(this.segmentPath, goodBytes);
    }
    // Entries in front of the first kept one were dropped or acked: the watermark moves up.
    const effectiveAcked = entries.length > 0 ? Math.max(ackedId, entries[0]!.id - 1) : ackedId;
    this.restore(effectiveAcked, entries);
    this.fileBytes = goodBytes;
    this.fd = fs.openSync(this.segmentPath, 'a');
    if (this.mode() === 'interval') {
      this.fsyncTimer = setInterval(() => this.syncIfDirty(), this.options.fsyncIntervalMs ?? 200);
      this.fsyncTimer.unref();
    }
    this.ackTimer = setInterval(() => this.flushAcked(), this.options.ackFlushMs ?? 250);
    this.ackTimer.unref();
    if (entries.length > 0) this.log.info('outbox: recovered unacked entries', { dir: this.options.dir, pending: entries.length, fromId: entries[0]!.id });
  }

  override async close(): Promise<void> {
    if (this.fsyncTimer) clearInterval(this.fsyncTimer);
    if (this.ackTimer) clearInterval(this.ackTimer);
    this.fsyncTimer = this.ackTimer = null;
    if (this.fd !== null) {
      this.syncIfDirty();
      fs.closeSync(this.fd);
      this.fd = null;
    }
    this.flushAcked();
  }

  /** Writes the acked id now (atomically: temp file, then rename). */
  flushAcked(): void {
    if (!this.ackDirty) return;
    const tmp = `${this.ackedPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      writeAll(fd, String(this.acked));
      if (this.mode() === 'always') fs.fdatasyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.ackedPath);
    if (this.mode() === 'always') syncDir(this.options.dir);
    this.ackDirty = false;
  }

  protected override persistAppend(entry: QueueEntry): void {
    if (this.fd === null) throw new Error('DiskQueue.append before open()');
    writeAll(this.fd, lineOf(entry.id, entry.topic, entry.payload) + '\n');
    this.fileBytes += entry.bytes;
    if (this.mode() === 'always') fs.fdatasyncSync(this.fd);
    else this.dirty = true;
  }

  protected override watermarkMoved(): void {
    this.ackDirty = true;
    const deadBytes = this.fileBytes - this.pendingBytes;
    if (deadBytes >= (this.options.compactMinBytes ?? 4 * 1024 * 1024) && deadBytes * 2 > this.fileBytes) this.compact();
  }

  private compact(): void {
    // The acked id must be durable before the dead lines go, or a restart could reuse their ids.
    this.ackDirty = true;
    this.flushAcked();
    const tmp = `${this.segmentPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    let bytes = 0;
    try {
      const live = this.entries.slice(this.head);
      const chunk: string[] = [];
      for (const e of live) {
        chunk.push(lineOf(e.id, e.topic, e.payload));
        bytes += e.bytes;
      }
      if (chunk.length > 0) writeAll(fd, chunk.join('\n') + '\n');
      if (this.mode() !== 'never') fs.fdatasyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (this.fd !== null) fs.closeSync(this.fd);
    fs.renameSync(tmp, this.segmentPath);
    if (this.mode() !== 'never') syncDir(this.options.dir);
    this.fd = fs.openSync(this.segmentPath, 'a');
    this.fileBytes = bytes;
    this.dirty = false;
  }

  private syncIfDirty(): void {
    if (!this.dirty || this.fd === null) return;
    fs.fdatasyncSync(this.fd);
    this.dirty = false;
  }

  private mode(): FsyncMode {
    return this.options.fsync ?? 'interval';
  }

  private readAckedId(): number {
    try {
      const n = Number(fs.readFileSync(this.ackedPath, 'utf8').trim());
      return Number.isSafeInteger(n) && n >= 0 ? n : 0;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw err;
    }
  }

  private readSegment(ackedId: number): { entries: QueueEntry[]; goodBytes: number; tornBytes: number; damagedLines: number } {
    let raw: Buffer;
    try {
      raw = fs.readFileSync(this.segmentPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], goodBytes: 0, tornBytes: 0, damagedLines: 0 };
      throw err;
    }
    const entries: QueueEntry[] = [];
    let offset = 0;
    let damagedLines = 0;
    while (offset < raw.length) {
      const nl = raw.indexOf(0x0a, offset);
      if (nl < 0) break; // no newline: the last write was torn
      const bytes = nl + 1 - offset;
      const parsed = parseLine(raw.subarray(offset, nl));
      offset = nl + 1;
      if (!parsed) {
        damagedLines++;
        continue;
      }
      if (parsed.id > ackedId) {
        const last = entries[entries.length - 1];
        // ids are contiguous by construction; a gap not explained by a damaged line means the file was edited by hand
        if (last && parsed.id <= last.id) throw new Error(`outbox ${this.segmentPath}: id ${parsed.id} follows ${last.id}`);
        if (last && parsed.id !== last.id + 1 && damagedLines === 0) throw new Error(`outbox ${this.segmentPath}: id ${parsed.id} follows ${last.id}`);
        entries.push({ id: parsed.id, topic: parsed.topic, payload: parsed.payload, bytes });
      }
    }
    return { entries, goodBytes: offset, tornBytes: raw.length - offset, damagedLines };
  }
}

/** One segment line, or null when it is not a whole entry. */
function parseLine(line: Buffer): { id: number; topic: string; payload: string } | null {
  try {
    const v = JSON.parse(line.toString('utf8')) as { id?: unknown; topic?: unknown; payload?: unknown };
    return Number.isSafeInteger(v.id) && typeof v.topic === 'string' && typeof v.payload === 'string' ? (v as { id: number; topic: string; payload: string }) : null;
  } catch {
    return null;
  }
}
