export * from './device-agent';
export * from './connect-failure';
export * from './sensor-source';
export * from './queue/outbox-queue';
export * from './queue/memory-queue';
export * from './queue/disk-queue';
export * from './cli/device-program';
export * from './cli/device-program.config';
