import type { AppContext } from './app-context';
import type { BuildMethods } from './contract';
import type { HandlersOf } from './handlers';

/** Handlers of contract-builds.ts over the core modules. */
export function buildHandlers(_app: AppContext): HandlersOf<BuildMethods> {
  return {};
}
