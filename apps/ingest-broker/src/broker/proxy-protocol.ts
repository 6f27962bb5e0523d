import { isIP, type Socket } from 'node:net';

/** A PROXY protocol v1 line is at most 107 bytes including CRLF (HAProxy's proxy-protocol.txt §2.1). */
const MAX_HEADER = 107;
/** ms a trusted proxy has to send its PROXY line */
const HEADER_TIMEOUT_MS = 5000;

/** `PROXY TCP4|TCP6 <src> <dst> <srcport> <dstport>` or `PROXY UNKNOWN …` (a health check of the proxy itself). */
export function parseProxyHeader(line: string): { address: string; port: number } | 'unknown' | null {
  const parts = line.split(' ');
  if (parts[0] !== 'PROXY') return null;
  if (parts[1] === 'UNKNOWN') return 'unknown';
  if ((parts[1] !== 'TCP4' && parts[1] !== 'TCP6') || parts.length !== 6) return null;
  const [address, , portText] = [parts[2]!, parts[3]!, parts[4]!];
  const port = Number(portText);
  if (isIP(address) !== (parts[1] === 'TCP4' ? 4 : 6) || !Number.isInteger(port) || port < 0 || port > 65535) return null;
  return { address, port };
}

/** The address without an IPv4-mapped IPv6 prefix, as configured lists write it. */
export function plainAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1');
}

/**
 * For a connection from a trusted proxy: reads the PROXY v1 line in front of the
 * MQTT (or TLS) bytes, hands the rest on, and reports the client's own address.
 * Connections from anyone else pass untouched (a forged header from a client is
 * just bytes the MQTT parser refuses). A trusted proxy that sends no valid line is
 * cut off: its clients' addresses would be unknown.
 */
export function acceptProxied(
  socket: Socket,
  trusted: ReadonlySet<string>,
  next: (socket: Socket, client: { address: string; port: number } | null) => void,
  onInvalid: (from: string) => void,
): void {
  // no proxy configured (the usual case): not even the peer address is read (a getpeername and a regex per connection)
  if (trusted.size === 0 || !trusted.has(plainAddress(socket.remoteAddress))) return next(socket, null);
  let buffered = Buffer.alloc(0);
  // a proxy sends its line at once; a connection that stalls before it is not kept
  const timer = setTimeout(() => {
    socket.off('data', onData);
    socket.off('error', onError);
    onInvalid(plainAddress(socket.remoteAddress));
    socket.destroy();
  }, HEADER_TIMEOUT_MS);
  timer.unref();
  // until the line is read nobody else listens: a reset must not become an unhandled error
  const onError = (): void => clearTimeout(timer);
  socket.on('error', onError);
  const onData = (chunk: Buffer): void => {
    buffered = Buffer.concat([buffered, chunk]);
    const end = buffered.indexOf('\r\n');
    if (end < 0 && buffered.length < MAX_HEADER) return;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.off('error', onError);
    socket.pause();
    const header = end < 0 ? null : parseProxyHeader(buffered.subarray(0, end).toString('latin1'));
    if (header === null) {
      onInvalid(plainAddress(socket.remoteAddress));
      socket.destroy();
      return;
    }
    socket.unshift(buffered.subarray(end + 2));
    next(socket, header === 'unknown' ? null : header);
  };
  socket.on('data', onData);
}
