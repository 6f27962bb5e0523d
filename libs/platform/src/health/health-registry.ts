export interface ProbeResult {
  readonly ok: boolean;
  readonly detail: string;
}

export interface ProbeReport extends ProbeResult {
  readonly name: string;
  readonly critical: boolean;
  readonly ms: number;
}

export interface HealthReport {
  /** up: everything ok; degraded: a non-critical dependency failed; down: a critical one did */
  readonly status: 'up' | 'degraded' | 'down';
  readonly probes: readonly ProbeReport[];
}

interface Probe {
  readonly name: string;
  readonly critical: boolean;
  readonly run: () => Promise<ProbeResult>;
}

/** Health checks: each probe raced against a timeout, so a hung dependency reads as down, not as a hung endpoint. */
export class HealthRegistry {
  private readonly probes: Probe[] = [];

  constructor(private readonly timeoutMs = 2000) {}

  register(name: string, run: () => Promise<ProbeResult>, options: { critical?: boolean } = {}): void {
    this.probes.push({ name, run, critical: options.critical ?? true });
  }

  async check(): Promise<HealthReport> {
    const probes = await Promise.all(this.probes.map((p) => this.runProbe(p)));
    const failed = probes.filter((p) => !p.ok);
    const status = failed.some((p) => p.critical) ? 'down' : failed.length > 0 ? 'degraded' : 'up';
    return { status, probes };
  }

  private async runProbe(probe: Probe): Promise<ProbeReport> {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ProbeResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, detail: `timed out after ${this.timeoutMs} ms` }), this.timeoutMs);
    });
    try {
      const result = await Promise.race([probe.run().catch((err: Error) => ({ ok: false, detail: err.message })), timeout]);
      return { name: probe.name, critical: probe.critical, ms: Date.now() - started, ...result };
    } finally {
      clearTimeout(timer);
    }
  }
}
