import type { AppContext } from './app-context';
import type { HlsMethods } from './contract';
import type { HandlersOf } from './handlers';

/** Handlers of contract-hls.ts over the core modules. */
export function hlsHandlers(_app: AppContext): HandlersOf<HlsMethods> {
  return {};
}
