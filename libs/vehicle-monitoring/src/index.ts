export * from './vehicle-analysis.config';
export * from './vehicle-monitor';
export * from './dtc/dtc-catalogue';
export * from './detectors/hysteresis';
export * from './detectors/crash.detector';
export * from './detectors/harsh-driving.detector';
export * from './detectors/dtc.detector';
export * from './detectors/battery.detector';
