export * from './haversine';
export * from './assignment-planner';
export * from './vehicle-dispatchability';
