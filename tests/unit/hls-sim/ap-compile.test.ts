/**
 * User-facing compile guarantees of hls/sim/ap_int.h and ap_fixed.h: the API surface (incl. the
 * hostile widths W = 1 and W = 1024 and templates written against ap_int_base / ap_fixed_base)
 * compiles warning-free with -Wall -Wextra -Werror at C++14 and C++17 and runs correctly; `#pragma
 * HLS` in user code compiles silently; clang++ is checked too when it is installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

import { hasCompiler, simDir } from './checker-build';

const here = path.dirname(fileURLToPath(import.meta.url));
const strict = ['-Wall', '-Wextra', '-Werror'];

interface Built {
  status: number | null;
  stderr: string;
  run?: { status: number | null; stdout: string };
}

function build(cxx: string, source: string, flags: string[], outDir: string, name: string): Promise<Built> {
  const exe = path.join(outDir, name);
  return new Promise((resolve) => {
    const p = spawn(cxx, [...flags, '-I', simDir, source, '-o', exe]);
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (status) => {
      if (status !== 0) return resolve({ status, stderr });
      const r = spawnSync(exe, [], { encoding: 'utf8' });
      resolve({ status, stderr, run: { status: r.status, stdout: r.stdout } });
    });
  });
}

/** GCC before 13 cannot honour `#pragma GCC diagnostic` for pragma warnings (GCC bug 53431). */
function gccNeedsPragmaFlag(): boolean {
  const v = spawnSync('g++', ['-dumpversion'], { encoding: 'utf8' }).stdout.trim();
  const isClang = /clang/i.test(spawnSync('g++', ['--version'], { encoding: 'utf8' }).stdout);
  return !isClang && Number(v.split('.')[0]) < 13;
}
const pragmaFlag = /#define HLS_SIM_PRAGMA_FLAG "([^"]+)"/.exec(readFileSync(path.join(simDir, 'hls_sim_common.h'), 'utf8'))?.[1];

describe.skipIf(!hasCompiler())('hls/sim ap headers compile cleanly as user code does', () => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'hls-sim-compile-'));
  const api = path.join(here, 'api-surface.cpp');
  const pragma = path.join(here, 'pragma-user.cpp');
  const cxx11 = path.join(here, 'cxx11-user.cpp');
  const hasClang = hasCompiler('clang++');
  let results: Record<string, Built> = {};

  beforeAll(async () => {
    const pflags = gccNeedsPragmaFlag() ? [pragmaFlag ?? 'missing-flag'] : [];
    const jobs: [string, Promise<Built>][] = [
      ['c++14', build('g++', api, ['-std=c++14', '-O2', ...strict], out, 'api14')],
      ['c++17', build('g++', api, ['-std=c++17', '-O0', ...strict], out, 'api17')],
      ['pragma', build('g++', pragma, ['-std=c++14', ...strict, ...pflags], out, 'pragma')],
      ['c++11', build('g++', cxx11, ['-std=c++11', '-O1', ...strict, ...pflags], out, 'cxx11')],
    ];
    if (hasClang) {
      jobs.push(['clang', build('clang++', api, ['-std=c++17', '-O1', ...strict], out, 'apiclang')]);
      jobs.push(['clang14', build('clang++', api, ['-std=c++14', '-O0', ...strict], out, 'apiclang14')]);
      jobs.push(['clang-pragma', build('clang++', pragma, ['-std=c++14', ...strict], out, 'pragmaclang')]);
    }
    const done = await Promise.all(jobs.map((j) => j[1]));
    results = Object.fromEntries(jobs.map((j, i) => [j[0], done[i]]));
  }, 600_000);

  it.each(['c++14', 'c++17'])('API surface, W = 1 and W = 1024, ap_fixed_base deduction: -Wall -Wextra -Werror -std=%s', (std) => {
    const r = results[std];
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.run?.stdout.trim()).toBe('OK');
    expect(r.run?.status).toBe(0);
  });

  it('every sim header builds and works under -std=c++11, as converter projects compile them', () => {
    const r = results['c++11'];
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.run?.stdout.trim()).toBe('OK');
  });

  it('#pragma HLS lines compile silently with -Werror and __SYNTHESIS__ stays undefined', () => {
    // GCC <= 12 needs the flag named by HLS_SIM_PRAGMA_FLAG; newer GCC and clang need nothing.
    expect(pragmaFlag).toBe('-Wno-unknown-pragmas');
    const r = results.pragma;
    expect(r.stderr).toBe('');
    expect(r.run?.stdout.trim()).toBe('OK');
  });

  it.skipIf(!hasClang)('clang++ (c++14 and c++17): API surface and #pragma HLS without any extra flag', () => {
    for (const k of ['clang', 'clang14', 'clang-pragma']) {
      expect(results[k].stderr).toBe('');
      expect(results[k].run?.stdout.trim()).toBe('OK');
    }
  });
});
