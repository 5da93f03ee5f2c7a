// `npm start`: the desktop app. Where the Electron binary is absent (its download is blocked on some
// machines), say so in one line and point to the browser mode instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ensureBuilt, root } from './build-lib.mjs';

const require = createRequire(import.meta.url);
let binary = null;
try {
  const dir = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  const rel = existsSync(path.join(dir, 'path.txt')) ? readFileSync(path.join(dir, 'path.txt'), 'utf8').trim() : '';
  if (rel && existsSync(path.join(dir, 'dist', rel))) binary = path.join(dir, 'dist', rel);
} catch { /* not installed */ }

if (!binary) {
  console.error('fpga-workbench: the Electron binary is not installed on this machine, so the desktop app cannot start; run `npm run serve` for the same workbench in your browser.');
  process.exit(1);
}
ensureBuilt();
const child = spawn(binary, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : code ?? 0));
