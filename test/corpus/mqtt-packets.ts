/**
 * Malformed MQTT 3.1.1 packets as raw bytes (what a broken or hostile client puts
 * on the socket before any library could refuse to send it), and a raw TCP
 * exchange that reports what the broker answered.
 */
import { connect } from 'node:net';

/** Variable Byte Integer of the fixed header's Remaining Length [MQTT-2.2.3]. */
export function remainingLength(n: number): Buffer {
  const out: number[] = [];
  do {
    let byte = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) byte |= 0x80;
    out.push(byte);
  } while (n > 0);
  return Buffer.from(out);
}

/** A UTF-8 string with its two-byte length prefix [MQTT-1.5.3]. */
export function mqttString(s: string | Buffer): Buffer {
  const bytes = typeof s === 'string' ? Buffer.from(s, 'utf8') : s;
  const len = Buffer.alloc(2);
  len.writeUInt16BE(bytes.length);
  return Buffer.concat([len, bytes]);
}

export interface ConnectFields {
  readonly protocol?: string;
  readonly level?: number;
  readonly flags?: number;
  readonly clientId: string | Buffer;
  readonly username?: string | Buffer;
  readonly password?: string | Buffer;
}

/** A CONNECT packet (flags: username 0x80, password 0x40, clean session 0x02, unless given). */
export function connectPacket(f: ConnectFields): Buffer {
  const flags = f.flags ?? (0x02 | (f.username !== undefined ? 0x80 : 0) | (f.password !== undefined ? 0x40 : 0));
  const body = Buffer.concat([
    mqttString(f.protocol ?? 'MQTT'),
    Buffer.from([f.level ?? 4, flags, 0x00, 0x3c]),
    mqttString(f.clientId),
    ...(f.username !== undefined ? [mqttString(f.username)] : []),
    ...(f.password !== undefined ? [mqttString(f.password)] : []),
  ]);
  return Buffer.concat([Buffer.from([0x10]), remainingLength(body.length), body]);
}

/** A QoS 1 PUBLISH (packet id 1). */
export function publishPacket(topic: string, payload: Buffer | string): Buffer {
  const body = Buffer.concat([mqttString(topic), Buffer.from([0x00, 0x01]), Buffer.from(payload)]);
  return Buffer.concat([Buffer.from([0x32]), remainingLength(body.length), body]);
}

export interface RawOutcome {
  /** the CONNACK return code, when the broker sent one */
  readonly connack: number | null;
  /** whether the broker closed the connection */
  readonly closed: boolean;
  readonly received: Buffer;
}

/**
 * Writes `chunks` to the broker's TCP port, half-closes when `end` (a client that
 * stops sending mid-packet), and reports what came back within `waitMs` (the
 * broker closing the connection ends the wait early).
 */
export function rawExchange(port: number, chunks: readonly Buffer[], opts: { end?: boolean; waitMs?: number } = {}): Promise<RawOutcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const received: Buffer[] = [];
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      const all = Buffer.concat(received);
      // CONNACK: 0x20, remaining length 2, session present, return code [MQTT-3.2]
      const connack = all.length >= 4 && all[0] === 0x20 && all[1] === 0x02 ? all[3]! : null;
      resolve({ connack, closed, received: all });
    };
    const timer = setTimeout(() => finish(false), opts.waitMs ?? 3000);
    socket.on('data', (d) => received.push(d));
    socket.on('error', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (opts.end) socket.end();
    });
  });
}
