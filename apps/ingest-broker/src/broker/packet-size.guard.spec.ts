import { PacketSizeScanner } from './packet-size.guard';

/** An MQTT fixed header: type byte and the Remaining Length varint (§2.2.3). */
function header(type: number, remaining: number): Buffer {
  const bytes = [type];
  let x = remaining;
  do {
    let digit = x % 128;
    x = Math.floor(x / 128);
    if (x > 0) digit |= 0x80;
    bytes.push(digit);
  } while (x > 0);
  return Buffer.from(bytes);
}

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
