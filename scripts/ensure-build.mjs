import { ensureBuilt } from './build-lib.mjs';
ensureBuilt();
