export * from './instant';
export * from './interval';
export * from './localDate';
export * from './wallTime';
export * from './zone';
