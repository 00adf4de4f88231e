/**
 * Eligibility core: X12 270 builder and reader, 271 reader, benefits -> patient cost, Good Faith
 * Estimate. Pure: no clock, network or database. Control numbers are the caller's to persist.
 */
export * from './build270';
export * from './codes';
export * from './envelope';
export * from './errors';
export * from './estimate';
export * from './goodFaithEstimate';
export * from './parse270';
export * from './officeVisit';
export * from './parse271';
export * from './serviceTypes';
export * from './tokenizer';
export type * from './types';
