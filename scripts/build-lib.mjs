// Build helpers shared by `npm run build`, `npm run serve` and the e2e tests.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

/** The Electron binary is optional here (its download is blocked on some machines). */
export function electronInstalled() {
  try {
    require.resolve('electron/package.json', { paths: [root] });
    return true;
  } catch {
    return false;
  }
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIsStale() {
  const index = path.join(root, 'out', 'renderer', 'index.html');
  if (!existsSync(index) || !existsSync(path.join(root, 'out', 'main'))) return true;
  const built = statSync(index).mtimeMs;
  const sources = Math.max(newestMtime(path.join(root, 'src-renderer')), statSync(path.join(root, 'src-main', 'api', 'contract.ts')).mtimeMs, newestMtime(path.join(root, 'src-main', 'electron')));
  return sources > built;
}

/** Run electron-vite build. Without the electron package, tell electron-vite which Electron we target. */
export function build({ quiet = false } = {}) {
  const env = { ...process.env };
  if (!electronInstalled() && !env.ELECTRON_MAJOR_VER) {
    // The Electron we declare (package.json optionalDependencies) is the one we build for.
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    env.ELECTRON_MAJOR_VER = /(\d+)/.exec(pkg.optionalDependencies?.electron ?? '')?.[1] ?? '40';
  }
  const cli = path.join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  const r = spawnSync(process.execPath, [cli, 'build'], { cwd: root, env, stdio: quiet ? 'pipe' : 'inherit' });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(String(r.stdout) + String(r.stderr));
    throw new Error(`electron-vite build failed (exit ${r.status})`);
  }
}

export function ensureBuilt(opts) {
  if (buildIsStale()) build(opts);
}
