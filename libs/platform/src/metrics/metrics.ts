import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per process; metric names are prefixed `tsunagu_`. */
export class Metrics {
  readonly registry = new Registry();

  constructor(serviceName: string, options: { defaults?: boolean } = {}) {
    this.registry.setDefaultLabels({ service: serviceName });
    if (options.defaults ?? true) collectDefaultMetrics({ register: this.registry, prefix: 'tsunagu_' });
  }

  counter(name: string, help: string, labelNames: readonly string[] = []): Counter<string> {
    const existing = this.registry.getSingleMetric(`tsunagu_${name}`);
    if (existing) return existing as Counter<string>;
    return new Counter({ name: `tsunagu_${name}`, help, labelNames: [...labelNames], registers: [this.registry] });
  }

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge<string> {
    const existing = this.registry.getSingleMetric(`tsunagu_${name}`);
    if (existing) return existing as Gauge<string>;
    return new Gauge({ name: `tsunagu_${name}`, help, labelNames: [...labelNames], registers: [this.registry] });
  }

  histogram(name: string, help: string, buckets: readonly number[], labelNames: readonly string[] = []): Histogram<string> {
    const existing = this.registry.getSingleMetric(`tsunagu_${name}`);
    if (existing) return existing as Histogram<string>;
    return new Histogram({ name: `tsunagu_${name}`, help, buckets: [...buckets], labelNames: [...labelNames], registers: [this.registry] });
  }
}
