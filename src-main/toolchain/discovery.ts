/**
 * Find the vendor tools: vitis_hls, vitis-run / v++ (2023.2+), vivado_hls (≤2020.1) and vivado.
 * Looked for, in order: user paths from Settings (an install dir, its bin/, a settings64.sh, or a
 * root to scan), XILINX_HLS / XILINX_VIVADO / XILINX_VITIS, PATH, and the usual roots
 * (/tools/Xilinx/<Product>/<ver> and the 2025.1+ /tools/Xilinx/<ver>/<Product>, /opt/Xilinx, ~/Xilinx).
 * Each found tool reports its version from its install path and, when probed, from `-version` output
 * (run with an argument array and a timeout). Every place looked at is returned, so "not found" can say where.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync, statSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { Discovery, FoundTool, ToolName } from './types';

export type { Discovery, FoundTool, ToolName } from './types';

export const TOOL_NAMES: ToolName[] = ['vitis_hls', 'vitis-run', 'v++', 'vivado_hls', 'vivado'];



export interface DiscoveryOptions {
  /** User settings: install dirs, bin dirs, settings64.sh files or roots to scan. */
  paths?: string[];
  env?: NodeJS.ProcessEnv;
  /** Install roots to scan; default the usual ones. */
  roots?: string[];
  /** Run `<tool> -version` to confirm the version (default true). */
  probe?: boolean;
  probeTimeoutMs?: number;
}

const PRODUCTS = ['Vitis_HLS', 'Vitis', 'Vivado', 'Vivado_HLS', 'Scout'];
export const DEFAULT_ROOTS = ['/tools/Xilinx', '/opt/Xilinx', path.join(homedir(), 'Xilinx'), '/opt/xilinx'];
const VERSION_DIR = /^\d{4}\.\d+(\.\d+)?$/;

export async function discoverTools(opts: DiscoveryOptions = {}): Promise<Discovery> {
  const env = opts.env ?? process.env;
  const searched: string[] = [];
  const found = new Map<string, FoundTool>();
  const seenDirs = new Set<string>();

  const lookIn = (binDir: string, from: string) => {
    const dir = path.resolve(binDir);
    if (seenDirs.has(dir)) return;
    seenDirs.add(dir);
    searched.push(dir);
    for (const name of TOOL_NAMES) {
      const p = path.join(dir, name);
      if (!isExecutable(p)) continue;
      const key = safeReal(p);
      if (found.has(key)) continue;
      const install = path.dirname(dir);
      const settings = path.join(install, 'settings64.sh');
      found.set(key, { name, path: p, from, pathVersion: versionFromPath(p), settings64: existsSync(settings) ? settings : undefined });
    }
  };
  /** An install dir (…/Vivado/2023.1) or a root holding Product/ver or ver/Product trees. */
  const scanInstallOrRoot = (dir: string, from: string) => {
    if (!isDir(dir)) { searched.push(path.resolve(dir)); return; }
    if (isDir(path.join(dir, 'bin'))) lookIn(path.join(dir, 'bin'), from);
    for (const a of safeList(dir)) {
      const ad = path.join(dir, a);
      if (PRODUCTS.includes(a)) {
        // <root>/<Product>/<ver>/bin (≤2024.2 layout)
        for (const v of safeList(ad)) if (VERSION_DIR.test(v)) lookIn(path.join(ad, v, 'bin'), from);
      } else if (VERSION_DIR.test(a)) {
        // <root>/<ver>/<Product>/bin (2025.1+ layout)
        for (const p of safeList(ad)) if (PRODUCTS.includes(p)) lookIn(path.join(ad, p, 'bin'), from);
      }
    }
  };

  for (const p of opts.paths ?? []) {
    if (!p) continue;
    if (/settings64\.sh$/.test(p)) scanInstallOrRoot(path.dirname(p), 'settings');
    else if (isDir(p) && TOOL_NAMES.some((n) => isExecutable(path.join(p, n)))) lookIn(p, 'settings');
    else scanInstallOrRoot(p, 'settings');
  }
  for (const v of ['XILINX_HLS', 'XILINX_VITIS', 'XILINX_VIVADO']) if (env[v]) scanInstallOrRoot(env[v]!, v);
  for (const d of (env.PATH ?? '').split(path.delimiter)) if (d) lookIn(d, 'PATH');
  for (const r of opts.roots ?? DEFAULT_ROOTS) scanInstallOrRoot(r, `root ${r}`);

  const tools = [...found.values()];
  if (opts.probe !== false) {
    await Promise.all(tools.map(async (t) => { t.outputVersion = await probeVersion(t, opts.probeTimeoutMs ?? 15_000); }));
  }
  for (const t of tools) t.version = t.outputVersion ?? t.pathVersion;
  return { tools, hls: pickHls(tools), vivado: pickNewest(tools.filter((t) => t.name === 'vivado')), searched };
}

/** Tcl-flow HLS: newest version; on a tie vitis_hls, then vitis-run (--mode hls --tcl), then vivado_hls. */
function pickHls(tools: FoundTool[]): FoundTool | undefined {
  const rank: Partial<Record<ToolName, number>> = { vitis_hls: 0, 'vitis-run': 1, vivado_hls: 2 };
  const c = tools.filter((t) => rank[t.name] !== undefined);
  c.sort((a, b) => cmpVersion(b.version, a.version) || rank[a.name]! - rank[b.name]!);
  return c[0];
}

function pickNewest(tools: FoundTool[]): FoundTool | undefined {
  return [...tools].sort((a, b) => cmpVersion(b.version, a.version))[0];
}

export function cmpVersion(a?: string, b?: string): number {
  const pa = (a ?? '0').split('.').map(Number);
  const pb = (b ?? '0').split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d) return d;
  }
  return 0;
}

export function versionFromPath(p: string): string | undefined {
  const segs = p.split(path.sep);
  for (let i = segs.length - 1; i >= 0; i--) if (VERSION_DIR.test(segs[i])) return segs[i];
  return undefined;
}

/** `vivado -version` → 'Vivado v2023.1 (64-bit)'; `vitis_hls -version` → '… v2023.1 (64-bit)'. */
export function versionFromOutput(text: string): string | undefined {
  return /\bv(\d{4}\.\d+(?:\.\d+)?)\b/.exec(text)?.[1];
}

function probeVersion(t: FoundTool, timeoutMs: number): Promise<string | undefined> {
  const args = t.name === 'v++' || t.name === 'vitis-run' ? ['--version'] : ['-version'];
  return new Promise((resolve) => {
    let out = '';
    let child;
    try {
      child = spawn(t.path, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    } catch {
      return resolve(undefined);
    }
    const timer = setTimeout(() => { try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => { out += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
    child.on('error', () => { clearTimeout(timer); resolve(undefined); });
    child.on('close', () => { clearTimeout(timer); resolve(versionFromOutput(out)); });
  });
}

/** One sentence for "why the build stops": which tool and where we looked. */
export function explainMissing(what: 'hls' | 'vivado', d: Discovery): string {
  const names = what === 'hls' ? 'vitis_hls, vitis-run or vivado_hls' : 'vivado';
  const where = d.searched.length ? d.searched.slice(0, 12).join(', ') + (d.searched.length > 12 ? `, … (${d.searched.length} places)` : '') : 'nowhere (no paths given)';
  return `no ${names} found; looked in Settings paths, XILINX_HLS/XILINX_VITIS/XILINX_VIVADO, PATH and the usual install roots: ${where}. Set the tool path in Settings or source settings64.sh.`;
}

function isExecutable(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}
function safeList(d: string): string[] {
  try { return readdirSync(d); } catch { return []; }
}
function safeReal(p: string): string {
  try { return realpathSync(p); } catch { return p; }
}
