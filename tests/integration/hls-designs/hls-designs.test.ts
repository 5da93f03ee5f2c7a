/**
 * The corpus of Vitis HLS projects in tests/hls-designs, opened through their own run_hls.tcl or
 * hls_config.cfg and C-simulated by csimProject at -O2 and -O0 -g; plus hostile projects: base-class
 * templates and reinterpret_cast to hls::vector, an empty-stream read, a compile error, a testbench
 * that needs a big stack, cancel and timeout.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csimProject, type CsimEvent } from '../../../src-main/csim/csim-project';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const corpusDir = path.join(repo, 'tests', 'hls-designs');
const fixtures = path.join(here, 'fixtures');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'hls-designs-'));
const designs = readdirSync(corpusDir).filter((d) => statSync(path.join(corpusDir, d)).isDirectory()).sort();
let n = 0;
const buildDir = (name: string) => path.join(tmp, `${name}-${n++}`);

describe('corpus of Vitis HLS designs', () => {
  it('has the six published-accelerator styles, one of them an hls_config.cfg component', () => {
    expect(designs).toEqual(['axis-stream', 'dataflow-pipeline', 'gemm-vector', 'layernorm', 'online-softmax', 'topk-gating']);
    expect(readdirSync(path.join(corpusDir, 'layernorm'))).toContain('hls_config.cfg');
  });

  for (const debug of [false, true]) {
    describe(debug ? '-O0 -g' : '-O2', () => {
      for (const d of designs) {
        it(`${d} builds warning-free and its testbench passes`, async () => {
          const lines: string[] = [];
          const r = await csimProject(path.join(corpusDir, d), {
            debug,
            buildDir: buildDir(d),
            jobs: 2,
            extraCflags: ['-Wall', '-Wextra'],
            onEvent: (e: CsimEvent) => {
              if (e.type === 'output') lines.push(e.line);
            },
          });
          expect(r.errors, r.output).toEqual([]);
          expect(r.warnings.map((w) => `${w.file}:${w.line}: ${w.message}`)).toEqual([]);
          expect(r.output).not.toMatch(/leftover data/);
          expect(r.pass, r.output).toBe(true);
          expect(r.exitCode).toBe(0);
          expect(r.optimization).toBe(debug ? '-O0 -g' : '-O2');
          expect(lines.join('\n')).toBe(r.output.trimEnd());
          expect(r.buildMs).toBeGreaterThan(0);
          expect(r.stackLimit?.bytes).toBeGreaterThan(8 * 1024 * 1024);
        });
      }
    });
  }

  it('passes csim_design -argv to the testbench (gemm-vector needs --seed)', async () => {
    const bd = buildDir('argv');
    const r = await csimProject(path.join(corpusDir, 'gemm-vector'), { buildDir: bd });
    expect(r.project.csim.argv).toEqual(['--seed', '7']);
    expect(r.output).toMatch(/seed 7/);
    const without = await csimProject(path.join(corpusDir, 'gemm-vector'), { buildDir: bd, argv: [] });
    expect(without.pass).toBe(false);
    expect(without.exitCode).toBe(2);
    expect(without.output).toMatch(/missing --seed/);
  });

  it('two runs of one project at once take turns on the shared build dir', async () => {
    const bd = buildDir('together');
    const dir = path.join(corpusDir, 'dataflow-pipeline');
    const [a, b] = await Promise.all([csimProject(dir, { buildDir: bd }), csimProject(dir, { buildDir: bd })]);
    expect(a.pass, a.output).toBe(true);
    expect(b.pass, b.output).toBe(true);
  });

  it('reuses objects when nothing changed', async () => {
    const bd = buildDir('reuse');
    const events: CsimEvent[] = [];
    await csimProject(path.join(corpusDir, 'topk-gating'), { buildDir: bd });
    const r = await csimProject(path.join(corpusDir, 'topk-gating'), { buildDir: bd, onEvent: (e) => events.push(e) });
    expect(r.pass).toBe(true);
    const compiles = events.filter((e) => e.type === 'compile');
    expect(compiles.length).toBe(2);
    expect(compiles.every((e) => e.type === 'compile' && e.reused)).toBe(true);
  });
});

describe('hostile projects', () => {
  it('templates on ap_fixed_base and reinterpret_cast to hls::vector work, reading a -tb data file', async () => {
    const r = await csimProject(path.join(fixtures, 'hostile-templates'), { buildDir: buildDir('hostile') });
    expect(r.errors).toEqual([]);
    expect(r.output).toMatch(/scale 2.5, 0 mismatches/);
    expect(r.pass).toBe(true);
  });

  it('a converter-style script (options array, sourced project file, procs, steps behind if) opens and passes', async () => {
    const dir = path.join(fixtures, 'hls4ml-style');
    const r = await csimProject(dir, { buildDir: buildDir('converter') });
    expect(r.project.top).toBe('mlp');
    expect(r.project.tbFiles.map((f) => f.as)).toEqual(['mlp_test.cpp', 'firmware/weights', 'tb_data']);
    // csim sees the testbench flags from before csim_design, not the cosim re-add with -DRTL_SIM.
    expect(r.project.tbFiles[0].cflags).toEqual(['-std=c++0x']);
    expect(r.output).toMatch(/20 samples, 0 mismatches/);
    expect(r.pass).toBe(true);
    // The testbench writes its log in the run dir's copy of tb_data, never into the sources.
    expect(existsSync(path.join(r.runDir, 'tb_data', 'csim_results.log'))).toBe(true);
    expect(existsSync(path.join(dir, 'tb_data', 'csim_results.log'))).toBe(false);
    expect(r.ignoredCommands.map((c) => c.name)).toEqual(expect.arrayContaining(['proc', 'catch']));
  });

  it('an empty-stream read stops with the stream name and a non-zero exit, without hanging', async () => {
    const t0 = Date.now();
    const r = await csimProject(path.join(fixtures, 'empty-stream'), { buildDir: buildDir('empty'), runTimeoutMs: 20_000 });
    expect(r.pass).toBe(false);
    expect(r.timedOut).toBe(false);
    expect(r.exitCode).not.toBe(0);
    expect(r.output).toMatch(/calling consume/);
    expect(r.output).toMatch(/tokens_in/);
    expect(r.output).not.toMatch(/sum /);
    expect(Date.now() - t0).toBeLessThan(20_000);
  });

  it('a compile error is reported as file:line:col and nothing runs', async () => {
    const r = await csimProject(path.join(fixtures, 'compile-error'), { buildDir: buildDir('cerr') });
    expect(r.pass).toBe(false);
    expect(r.stage).toBe('build');
    const e = r.errors.find((x) => x.message.includes('undeclared_name'));
    expect(e).toBeDefined();
    expect(path.basename(e!.file)).toBe('k.cpp');
    expect(e!.line).toBe(5);
    expect(e!.column).toBeGreaterThan(0);
    expect(r.output).toMatch(/k\.cpp:5:\d+: error: .*undeclared_name/);
  });

  it('a missing add_files source is reported at the script line', async () => {
    const dir = mkdtempSync(path.join(tmp, 'missing-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path.join(dir, 'run_hls.tcl'), 'open_project p\n\nadd_files nope.cpp\n');
    const r = await csimProject(dir, { buildDir: buildDir('missing') });
    expect(r.pass).toBe(false);
    expect(r.errors[0]).toMatchObject({ line: 3 });
    expect(r.errors[0].message).toMatch(/nope\.cpp/);
  });

  it('a testbench with 64 MiB on the stack runs because the stack limit is raised, and says so', async () => {
    const r = await csimProject(path.join(fixtures, 'big-stack'), { buildDir: buildDir('stack'), stackMb: 256 });
    expect(r.stackLimit?.bytes).toBe(256 * 1024 * 1024);
    expect(r.stackLimit?.text).toMatch(/256 MiB/);
    expect(r.pass, r.output).toBe(true);
  });

  it('cancel kills the running testbench promptly', async () => {
    const ac = new AbortController();
    const t0 = Date.now();
    const r = await csimProject(path.join(fixtures, 'forever'), {
      buildDir: buildDir('cancel'),
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'output' && e.line === 'started') ac.abort();
      },
    });
    expect(r.cancelled).toBe(true);
    expect(r.pass).toBe(false);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('a run timeout stops a testbench that never returns', async () => {
    const r = await csimProject(path.join(fixtures, 'forever'), { buildDir: buildDir('timeout'), runTimeoutMs: 1500 });
    expect(r.timedOut).toBe(true);
    expect(r.pass).toBe(false);
    expect(r.runMs).toBeGreaterThanOrEqual(1400);
  });
});
