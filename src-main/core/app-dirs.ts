import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Per-user state (recent projects, settings, calibration). FPGA_WORKBENCH_HOME overrides, for tests. */
export function userDataDir(): string {
  if (process.env.FPGA_WORKBENCH_HOME) return process.env.FPGA_WORKBENCH_HOME;
  const base = process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(base, 'fpga-workbench');
}

/** The repository root (where hls/, boards/ and package.json live). */
export function repoRoot(): string {
  // Two levels up both from src-main/core/app-dirs.ts (source) and from out/main/index.js (bundle).
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
}
