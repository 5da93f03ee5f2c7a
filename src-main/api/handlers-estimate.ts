import type { AppContext } from './app-context';
import type { EstimateMethods } from './contract';
import type { HandlersOf } from './handlers';

/** Handlers of contract-estimate.ts over the core modules. */
export function estimateHandlers(_app: AppContext): HandlersOf<EstimateMethods> {
  return {};
}
