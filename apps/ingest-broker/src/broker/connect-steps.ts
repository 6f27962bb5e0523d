import type { Client } from 'aedes';
import { CONNACK, type ConnackCode, type DeviceIdentity, type DevicesService } from '../devices/devices.service';

/** A CONNECT being checked. */
export interface ConnectAttempt {
  readonly client: Client;
  readonly username: string | undefined;
  readonly password: Buffer | undefined;
  /** `address:port` of the peer */
  readonly remote: string;
  /** the client certificate presented on a TLS connection that asks for one; undefined: none */
  readonly certificate?: PeerCertificate;
}

/** What the broker learnt from a device's certificate during the TLS handshake. */
export interface PeerCertificate {
  /** issued by the configured device CA and valid now */
  readonly trusted: boolean;
  /** the subject's common name */
  readonly cn: string | undefined;
}

export type ConnectVerdict =
  | { readonly ok: true; readonly device?: DeviceIdentity }
  | { readonly ok: false; readonly returnCode: ConnackCode; readonly reason: string };

/** One named check of a CONNECT; the first that refuses answers the CONNACK. */
export interface ConnectStep {
  readonly name: string;
  check(attempt: ConnectAttempt): ConnectVerdict | Promise<ConnectVerdict>;
}

const OK: ConnectVerdict = { ok: true };

export interface ConnectStepDeps {
  readonly devices: DevicesService;
  readonly isClosing: () => boolean;
  readonly pendingRecords: () => number;
  readonly maxPending: number;
  /** counts a CONNECT whose credentials held; false when the device connects too often */
  readonly allowConnect: (deviceId: string) => boolean;
}

/**
 * Before anything else is parsed or hashed (aedes `preConnect`): an address that
 * failed too often is refused for a while without a password check, so guessing
 * and scrypt-burning floods cost nothing.
 */
export function preConnectSteps(d: ConnectStepDeps): ConnectStep[] {
  return [
    {
      name: 'address-not-blocked',
      check: (a) => (d.devices.isAddressBlocked(a.remote) ? { ok: false, returnCode: CONNACK.notAuthorized, reason: 'too many failed attempts from this address' } : OK),
    },
  ];
}

/** The CONNECT checks (aedes `authenticate`), in order; the last one yields the device. */
export function connectSteps(d: ConnectStepDeps): ConnectStep[] {
  return [
    {
      name: 'broker-open',
      check: () => (d.isClosing() ? { ok: false, returnCode: CONNACK.serverUnavailable, reason: 'broker shutting down' } : OK),
    },
    {
      // records held for Kafka beyond the limit: refuse new sessions (CONNACK 3) rather than grow without bound
      name: 'backlog-below-limit',
      check: () => (d.pendingRecords() > d.maxPending ? { ok: false, returnCode: CONNACK.serverUnavailable, reason: 'ingest backlog full' } : OK),
    },
    {
      // [MQTT-3.1.3-8] client id = username = device id; unknown id and wrong secret answer alike (4); disabled 5;
      // or a device certificate (CN = device id) from the device CA instead of the password
      name: 'credentials-valid',
      check: async (a) => {
        const result = await d.devices.authenticate(a.client.id, a.username, a.password, a.remote, a.certificate);
        return result.ok ? { ok: true, device: result.device } : result;
      },
    },
    {
      // after the credentials (only the device itself can use up its own allowance): a reconnect loop gets CONNACK 3
      name: 'device-connect-rate',
      check: (a) => (d.allowConnect(a.client.id) ? OK : { ok: false, returnCode: CONNACK.serverUnavailable, reason: 'too many connects from this device' }),
    },
  ];
}

/** Runs steps in order; the first refusal wins, else the device one of them yielded. */
export async function runSteps(steps: readonly ConnectStep[], attempt: ConnectAttempt): Promise<ConnectVerdict & { step?: string }> {
  let device: DeviceIdentity | undefined;
  for (const step of steps) {
    const verdict = await step.check(attempt);
    if (!verdict.ok) return { ...verdict, step: step.name };
    device ??= verdict.device;
  }
  return { ok: true, device };
}
