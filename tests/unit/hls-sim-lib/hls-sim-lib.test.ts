/**
 * The hls/sim headers compiled as a user's code would be: g++ -std=c++14 and -std=c++17 with
 * -Wall -Wextra -Werror, then run. Each C++ test counts its own failures and exits non-zero.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnLines } from '../../../src-main/csim/spawn-lines';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const sim = path.join(repo, 'hls', 'sim');
const cppDir = path.join(here, 'cpp');
const out = mkdtempSync(path.join(os.tmpdir(), 'hls-sim-lib-'));
const STRICT = ['-Wall', '-Wextra', '-Werror', '-Wno-unknown-pragmas'];

// At most two g++ at a time (the machine has two cores, shared); the tests themselves run concurrently.
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(job: () => Promise<T>): Promise<T> {
  while (running >= 2) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await job();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

async function compile(file: string, std: string, extra: string[] = []) {
  return limited(() => compileNow(file, std, extra));
}

async function compileNow(file: string, std: string, extra: string[]) {
  const exe = path.join(out, `${path.basename(file, '.cpp')}-${std}-${extra.join('').replace(/\W/g, '')}`);
  const r = await spawnLines('g++', [`-std=${std}`, '-O0', ...STRICT, ...extra, '-I', sim, '-I', cppDir, path.join(cppDir, file), '-o', exe], { timeoutMs: 120_000 });
  return { ...r, exe };
}

async function compileAndRun(file: string, std: string) {
  const c = await compile(file, std);
  expect(c.output, `${file} -std=${std} must compile warning-free`).toBe('');
  expect(c.exitCode).toBe(0);
  const r = await spawnLines(c.exe, [], { timeoutMs: 60_000 });
  expect(r.output).toMatch(/0 failures/);
  expect(r.exitCode).toBe(0);
  return r;
}

describe.concurrent.each(['c++14', 'c++17'])('hls/sim headers, -std=%s', (std) => {
  it('hls::stream, hls::vector, ap_shift_reg and float hls_math', async () => {
    await compileAndRun('stream_vector_test.cpp', std);
  });
  it('hls_math on ap_fixed / ap_int: argument type, within 1 LSB', async () => {
    const r = await compileAndRun('fixed_math_test.cpp', std);
    expect(Number(/(\d+) values checked/.exec(r.output)?.[1])).toBeGreaterThan(20000);
  });
  it('templates written against ap_fixed_base / ap_int_base deduce from ap_fixed / ap_int', async () => {
    await compileAndRun('ap_base_template_test.cpp', std);
  });
  it('hls::stream_of_blocks with write_lock / read_lock', async () => {
    await compileAndRun('streamofblocks_test.cpp', std);
  });
  it('ap_axi_sdata.h side channels', async () => {
    await compileAndRun('axis_test.cpp', std);
  });
  it('hls::vector % with ap_fixed.h in the same translation unit', async () => {
    const c = await compile('vector_mod_test.cpp', std);
    expect(c.output).toBe('');
    const r = await spawnLines(c.exe, []);
    expect(r.exitCode, r.output).toBe(0);
  });
  it('hls_half.h rounding, ap_common.h and hls_print.h', async () => {
    const r = await compileAndRun('half_print_test.cpp', std);
    expect(r.output).toMatch(/hls::print 7/);
  });
});

describe.concurrent('C simulation conventions', () => {
  it('#pragma HLS compiles silently without -Wall (as Vitis compiles) and __SYNTHESIS__ is undefined', async () => {
    const exe = path.join(out, 'pragma');
    const r = await limited(() => spawnLines('g++', ['-std=c++14', '-I', sim, path.join(cppDir, 'pragma_test.cpp'), '-o', exe]));
    expect(r.output).toBe('');
    expect(r.exitCode).toBe(0);
    expect(spawnSync(exe).status).toBe(0);
    const strict = await compile('pragma_test.cpp', 'c++17');
    expect(strict.output).toBe('');
  });

  it('reading an empty stream names the stream and exits non-zero instead of hanging', async () => {
    const c = await compile('empty_stream.cpp', 'c++14');
    expect(c.exitCode).toBe(0);
    const r = await spawnLines(c.exe, [], { timeoutMs: 10_000 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).not.toBe(0);
    expect(r.stdout).toMatch(/first read 1/);
    expect(r.stdout).not.toMatch(/second read/);
    expect(r.stderr).toMatch(/weights_fifo/);
    expect(r.stderr).toMatch(/read while empty/);
  });

  it('ALLOW_EMPTY_HLS_STREAM_READS turns the empty read into a warning', async () => {
    const c = await compile('empty_stream.cpp', 'c++14', ['-DALLOW_EMPTY_HLS_STREAM_READS']);
    const r = await spawnLines(c.exe, [], { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/second read 0/);
    expect(r.stderr).toMatch(/WARNING.*weights_fifo/);
  });
});
