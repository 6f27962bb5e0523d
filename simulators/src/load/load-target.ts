/** The load mode only ever targets the address it is given, and loopback unless told otherwise. */
export class LoadTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LoadTargetError';
  }
}

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

export function isLoopbackHost(host: string): boolean {
  return LOOPBACK.test(host);
}

/** Throws unless `url` is an MQTT URL on a loopback host, or `allowRemote` was given. */
export function checkLoadTarget(url: string, allowRemote: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new LoadTargetError(`not a URL: ${url}`);
  }
  if (!['mqtt:', 'mqtts:'].includes(parsed.protocol)) throw new LoadTargetError(`not an mqtt:// or mqtts:// URL: ${url}`);
  if (!allowRemote && !isLoopbackHost(parsed.hostname)) {
    throw new LoadTargetError(`refusing to load ${url}: ${parsed.hostname} is not a loopback address (pass --allow-remote to target it on purpose)`);
  }
  return parsed;
}
