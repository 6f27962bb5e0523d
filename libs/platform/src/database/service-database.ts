import type { BeforeApplicationShutdown } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ProbeResult } from '../health/health-registry';

/**
 * A service's handle on its own schema: the health probe, and the close that runs
 * after every module's onModuleDestroy (consumers and jobs stop first, so no batch
 * loses its connection half-way). Each app subclasses it with its injection token.
 */
export class ServiceDatabase implements BeforeApplicationShutdown {
  constructor(
    readonly dataSource: DataSource,
    readonly schema: string,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async ping(): Promise<ProbeResult> {
    await this.dataSource.query('SELECT 1');
    return { ok: true, detail: `postgres schema ${this.schema}` };
  }
}
