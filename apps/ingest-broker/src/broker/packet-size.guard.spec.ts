import { PassThrough } from 'node:stream';
import { remainingLength } from '../../../../test/corpus/mqtt-packets';
import { PacketSizeScanner, guardPacketSize } from './packet-size.guard';

/** An MQTT fixed header: type byte and the Remaining Length varint (§2.2.3). */
const header = (type: number, remaining: number): Buffer => Buffer.concat([Buffer.from([type]), remainingLength(remaining)]);

describe('PacketSizeScanner', () => {
  it('passes packets within the limit, across chunk boundaries', () => {
    const scanner = new PacketSizeScanner(1000);
    const packet = Buffer.concat([header(0x32, 900), Buffer.alloc(900, 1)]);
    const stream = Buffer.concat([packet, header(0xc0, 0), packet]);
    for (let i = 0; i < stream.length; i += 7) expect(scanner.scan(stream.subarray(i, i + 7))).toBeNull();
  });

  it('flags a packet announcing more than the limit before its body arrives', () => {
    const scanner = new PacketSizeScanner(1000);
    expect(scanner.scan(Buffer.concat([header(0x32, 10), Buffer.alloc(10)]))).toBeNull();
    // decided as soon as the bytes read so far exceed the limit
    expect(scanner.scan(header(0x32, 256 * 1024 * 1024 - 1))).toBeGreaterThan(1000);
  });

  it('flags a Remaining Length longer than four bytes as malformed', () => {
    const scanner = new PacketSizeScanner(Number.MAX_SAFE_INTEGER);
    expect(scanner.scan(Buffer.from([0x32, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('guardPacketSize', () => {
  it('hands the stream itself on, passing packets within the limit to its reader', async () => {
    const conn = new PassThrough();
    const tooLarge: number[] = [];
    expect(guardPacketSize(conn, 1000, (n) => tooLarge.push(n))).toBe(conn);
    const packet = Buffer.concat([header(0x32, 10), Buffer.alloc(10, 7)]);
    conn.end(packet);
    const read: Buffer[] = [];
    for await (const chunk of conn) read.push(chunk as Buffer);
    expect(Buffer.concat(read)).toEqual(packet);
    expect(tooLarge).toEqual([]);
  });

  it('destroys the stream as soon as a packet announces more than the limit, before its body is read', () => {
    const conn = new PassThrough();
    const tooLarge: number[] = [];
    guardPacketSize(conn, 1000, (n) => tooLarge.push(n));
    conn.write(header(0x32, 256 * 1024 * 1024 - 1));
    expect(tooLarge).toHaveLength(1);
    expect(conn.destroyed).toBe(true);
  });

  it('scans the bytes buffered before it was put in (the rest of a PROXY line chunk)', () => {
    const conn = new PassThrough();
    conn.pause();
    conn.write(header(0x32, 5000));
    const tooLarge: number[] = [];
    guardPacketSize(conn, 1000, (n) => tooLarge.push(n));
    expect(tooLarge).toHaveLength(1);
    expect(conn.destroyed).toBe(true);
  });
});
