import type { AppContext } from './app-context';
import type { MeasureMethods } from './contract';
import type { HandlersOf } from './handlers';

/** Handlers of contract-measure.ts over the core modules. */
export function measureHandlers(_app: AppContext): HandlersOf<MeasureMethods> {
  return {};
}
