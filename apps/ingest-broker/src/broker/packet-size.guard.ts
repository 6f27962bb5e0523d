import type { Duplex } from 'node:stream';

/**
 * Reads the MQTT fixed header of every packet on a connection and drops the
 * connection as soon as one announces a Remaining Length above the limit, before
 * its body is buffered: MQTT 3.1.1 allows packets of up to 256 MB (§2.2.3) and
 * the packet parser keeps a whole packet in memory, so without this one client
 * (even before CONNECT is authenticated) could make the broker hold gigabytes.
 */
export class PacketSizeScanner {
  private phase: 'type' | 'length' | 'body' = 'type';
  private remaining = 0;
  private multiplier = 1;
  private lengthBytes = 0;

  constructor(private readonly maxRemainingLength: number) {}

  /** Returns a size over the limit (the Remaining Length read so far) for the first packet that exceeds it, or null. */
  scan(chunk: Buffer): number | null {
    let i = 0;
    while (i < chunk.length) {
      if (this.phase === 'type') {
        i++;
        this.phase = 'length';
        this.remaining = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
      } else if (this.phase === 'length') {
        const byte = chunk[i++]!;
        this.remaining += (byte & 0x7f) * this.multiplier;
        this.multiplier *= 128;
        this.lengthBytes++;
        if (this.remaining > this.maxRemainingLength) return this.remaining;
        // [MQTT-2.2.3] at most four bytes of Remaining Length; a fifth is malformed
        if ((byte & 0x80) !== 0 && this.lengthBytes === 4) return Number.POSITIVE_INFINITY;
        if ((byte & 0x80) === 0) this.phase = this.remaining > 0 ? 'body' : 'type';
      } else {
        const skip = Math.min(this.remaining, chunk.length - i);
        i += skip;
        this.remaining -= skip;
        if (this.remaining === 0) this.phase = 'type';
      }
    }
    return null;
  }
}

/**
 * Watches the packet sizes on a connection from inside its read path: every chunk
 * the socket reads goes through `push`, so the scanner sees it before any reader
 * does, and aedes is handed the socket itself. (A wrapping stream in between cost
 * a second stream, its buffers and five listeners, ~3 KB per connection.) Returns
 * the socket. Bytes buffered before the guard was put in (the rest of a PROXY
 * line's chunk) are scanned first.
 */
export function guardPacketSize<S extends Duplex>(socket: S, maxRemainingLength: number, onTooLarge: (announced: number) => void): S {
  const scanner = new PacketSizeScanner(maxRemainingLength);
  const tooLarge = (chunk: unknown): boolean => {
    const announced = scanner.scan(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    if (announced === null) return false;
    onTooLarge(announced);
    socket.destroy();
    return true;
  };
  if (socket.readableLength > 0) {
    const buffered = socket.read() as Buffer | null;
    if (buffered !== null && !tooLarge(buffered)) socket.unshift(buffered);
  }
  const push = socket.push;
  socket.push = function guardedPush(chunk: unknown, encoding?: BufferEncoding): boolean {
    // null ends the stream; anything else is bytes read from the peer
    if (chunk !== null && chunk !== undefined && tooLarge(chunk)) return false;
    return push.call(socket, chunk, encoding);
  };
  return socket;
}
