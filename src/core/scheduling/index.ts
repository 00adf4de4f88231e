export * from './openRanges';
export * from './slots';
export * from './types';
