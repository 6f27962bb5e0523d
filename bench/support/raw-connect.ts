/**
 * Connection load generator over raw sockets, its own process (it does not share an
 * event loop with the broker under test). mqtt.js costs ~1 ms of CPU per connect
 * (its stores, timers, stream pipeline): on two cores the generator, not the broker,
 * was the limit. Here a connect is one `net` socket, one pre-encoded MQTT 3.1.1
 * CONNECT written on `connect`, and the 4-byte CONNACK read back; nothing else runs
 * per connection. (Client id = user name = device id, the secret as password.)
 *
 * Protocol with the parent (bench/connections.bench.ts), one line each:
 *   stdin, first line   JSON { host, port, devices: [{ deviceId, password }], inFlight }
 *   `connect`           every device connects (at most `inFlight` CONNECTs unanswered
 *                       at a time, so the kernel's accept queue never overflows into
 *                       1 s / 3 s SYN retransmits); answers
 *                       { connected, failed, firstError?, ms } (first SYN → last CONNACK)
 *   `close`             every connection sends DISCONNECT and ends; answers { closed }
 *   `exit`              the process ends
 * Progress goes to stderr once a second (the parent forwards it).
 */
import { connect as connectSocket, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
// the corpus's encoder: clean session, user name and password, keep-alive 60 s (the broker allows 90, a round lasts seconds)
import { connectPacket } from '../../test/corpus/mqtt-packets';

interface RawConnectInput {
  host: string;
  port: number;
  devices: Array<{ deviceId: string; password: string }>;
  inFlight: number;
}

/** CONNACK [MQTT-3.2]: type 0x20, remaining length 2, session present, return code */
const CONNACK_BYTES = 4;
/** DISCONNECT [MQTT-3.14]: type 0xE0, remaining length 0 */
const DISCONNECT = Buffer.from([0xe0, 0x00]);

let input: RawConnectInput | null = null;
/** the CONNECTs, encoded once when the input arrives (encoding is not the broker's cost) */
let packets: Buffer[] = [];
let open: Socket[] = [];

const answer = (value: object): boolean => process.stdout.write(`${JSON.stringify(value)}\n`);

/** One connect: `onDone(null, socket)` once CONNACK 0 arrived, `onDone(reason, socket)` otherwise. */
function connectOne(packet: Buffer, onDone: (err: Error | null, socket: Socket) => void): void {
  const socket = connectSocket({ host: input!.host, port: input!.port });
  socket.setNoDelay(true);
  let received: Buffer = Buffer.alloc(0);
  let settled = false;
  const settle = (err: Error | null): void => {
    if (settled) return;
    settled = true;
    onDone(err, socket);
  };
  socket.once('connect', () => socket.write(packet));
  socket.on('data', (chunk: Buffer) => {
    if (settled) return; // the broker sends nothing else to an idle session without subscriptions
    received = received.length === 0 ? chunk : Buffer.concat([received, chunk]);
    if (received.length < CONNACK_BYTES) return;
    if (received[0] !== 0x20) return settle(new Error(`expected CONNACK, got packet type 0x${received[0]!.toString(16)}`));
    const code = received[3]!;
    settle(code === 0 ? null : new Error(`CONNACK return code ${code}`));
  });
  socket.on('error', (err) => settle(err));
  socket.on('close', () => settle(new Error('closed before CONNACK')));
}

function connectAll(): Promise<void> {
  return new Promise((resolve) => {
    const total = packets.length;
    const started = process.hrtime.bigint();
    let next = 0;
    let done = 0;
    let failed = 0;
    let firstError: string | undefined;
    const progress = setInterval(() => process.stderr.write(`[raw-connect] ${done} / ${total} answered (${failed} failed)\n`), 1000);
    const onDone = (err: Error | null, socket: Socket): void => {
      done++;
      if (err) {
        failed++;
        firstError ??= err.message;
        socket.destroy();
      } else {
        open.push(socket);
      }
      if (next < total) connectOne(packets[next++]!, onDone);
      if (done === total) {
        clearInterval(progress);
        answer({ connected: open.length, failed, firstError, ms: Number(process.hrtime.bigint() - started) / 1e6 });
        resolve();
      }
    };
    if (total === 0) {
      clearInterval(progress);
      answer({ connected: 0, failed: 0, ms: 0 });
      return resolve();
    }
    const window = Math.min(total, Math.max(1, input!.inFlight));
    while (next < window) connectOne(packets[next++]!, onDone);
  });
}

function closeAll(): Promise<void> {
  const closing = open;
  open = [];
  return Promise.all(
    closing.map(
      (socket) =>
        new Promise<void>((resolve) => {
          socket.once('close', () => resolve());
          socket.end(DISCONNECT);
        }),
    ),
  ).then(() => {
    answer({ closed: closing.length });
  });
}

const commands: Record<string, () => Promise<void>> = { connect: connectAll, close: closeAll, exit: async () => process.exit(0) };

createInterface({ input: process.stdin }).on('line', (line) => {
  if (!input) {
    input = JSON.parse(line) as RawConnectInput;
    packets = input.devices.map((d) => connectPacket({ clientId: d.deviceId, username: d.deviceId, password: d.password }));
    return;
  }
  const command = commands[line.trim()];
  if (command) void command().catch((err: Error) => answer({ error: err.message }));
});
