import { Injectable } from '@nestjs/common';

export type RevocationReason = 'disabled' | 'secret-rotated';

export type RevocationListener = (deviceId: string, reason: RevocationReason) => void;

/**
 * Revocations of device credentials (disabled, secret rotated), as a typed signal
 * from the registry to the broker, plus a generation per device: a CONNECT that
 * started checking credentials before a revocation sees a newer generation when
 * it finishes and is refused, so an old secret never wins a race.
 */
@Injectable()
export class DeviceRevocations {
  private readonly listeners: RevocationListener[] = [];
  private readonly generations = new Map<string, number>();

  onRevoked(listener: RevocationListener): void {
    this.listeners.push(listener);
  }

  revoke(deviceId: string, reason: RevocationReason): void {
    this.generations.set(deviceId, this.generationOf(deviceId) + 1);
    for (const l of this.listeners) l(deviceId, reason);
  }

  generationOf(deviceId: string): number {
    return this.generations.get(deviceId) ?? 0;
  }
}
