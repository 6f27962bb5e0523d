import { Duplex } from 'node:stream';

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

/** The socket as aedes sees it: bytes pass through unchanged while the scanner watches packet sizes. */
export function guardPacketSize(socket: Duplex, maxRemainingLength: number, onTooLarge: (announced: number) => void): Duplex {
  const scanner = new PacketSizeScanner(maxRemainingLength);
  const guarded = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _encoding, callback) {
      socket.write(chunk, callback);
    },
    final(callback) {
      socket.end(callback);
    },
    destroy(err, callback) {
      socket.destroy(err ?? undefined);
      callback(err);
    },
  });
  socket.on('data', (chunk: Buffer) => {
    const tooLarge = scanner.scan(chunk);
    if (tooLarge !== null) {
      onTooLarge(tooLarge);
      socket.destroy();
      guarded.destroy();
      return;
    }
    if (!guarded.push(chunk)) socket.pause();
  });
  // writes (the broker's replies) need no checking: hand them straight to the socket, with its
  // corking and its backpressure ('drain'), instead of through a second stream buffer
  guarded.write = ((chunk: Buffer, encoding?: BufferEncoding, callback?: (err?: Error | null) => void) =>
    socket.write(chunk, encoding as BufferEncoding, callback)) as Duplex['write'];
  guarded.cork = () => socket.cork();
  guarded.uncork = () => socket.uncork();
  socket.on('drain', () => guarded.emit('drain'));
  socket.on('end', () => guarded.push(null));
  socket.on('error', (err) => guarded.destroy(err));
  socket.on('close', () => guarded.destroy());
  // aedes and the logs read the peer address from the connection
  const peer = socket as Duplex & { remoteAddress?: string; remotePort?: number };
  Object.defineProperty(guarded, 'remoteAddress', { get: () => peer.remoteAddress });
  Object.defineProperty(guarded, 'remotePort', { get: () => peer.remotePort });
  return guarded;
}
