import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** API tests need a renderer directory to serve; a one-file stand-in keeps them independent of the build. */
export function ensureRendererStub(): string {
  const dir = path.join(os.tmpdir(), `fwb-renderer-stub-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>stub</title><div id="app">stub</div>');
  return dir;
}
