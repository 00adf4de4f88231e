import { allHandlers } from './handlers';
import { createRegistry, type Registry } from './registry';

export function createApi(): Registry {
  return createRegistry(allHandlers);
}

export { AppError } from '../errors';
export type { Registry, CallResult } from './registry';
