/** `fpga-workbench csim` end to end: JSON on stdout, exit code, compile errors as file:line. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnLines } from '../../../src-main/csim/spawn-lines';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const bin = path.join(repo, 'bin', 'fpga-workbench.mjs');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'csim-cli-'));

const cli = (args: string[]) => spawnLines(process.execPath, [bin, ...args], { cwd: repo, timeoutMs: 120_000 });

describe('fpga-workbench csim', () => {
  it('--json prints a machine-readable result for an hls_config.cfg project given by its file', async () => {
    const cfg = path.join(repo, 'tests', 'hls-designs', 'layernorm', 'hls_config.cfg');
    const r = await cli(['csim', cfg, '--json', '--build-dir', path.join(tmp, 'ln')]);
    expect(r.exitCode, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.pass).toBe(true);
    expect(j.exitCode).toBe(0);
    expect(j.errors).toEqual([]);
    expect(j.buildMs).toBeGreaterThan(0);
    expect(typeof j.runMs).toBe('number');
    expect(j.stackLimit.bytes).toBe(512 * 1024 * 1024);
    expect(j.project.top).toBe('layernorm_top');
    expect(j.project.clockPeriodNs).toBe(4);
    expect(j.project.tbFiles).toEqual(['layernorm_tb.cpp', 'data']);
    expect(j.output).toMatch(/layernorm_tb: 16 tokens/);
    expect(Array.isArray(j.ignoredCommands)).toBe(true);
  });

  it('human output streams the testbench, lists ignored commands and says the stack limit; exit 1 on a compile error', async () => {
    const ok = await cli(['csim', path.join(repo, 'tests', 'hls-designs', 'topk-gating'), '--debug', '--build-dir', path.join(tmp, 'gate')]);
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toMatch(/-O0 -g/);
    expect(ok.stdout).toMatch(/gating_tb: 32 tokens/);
    expect(ok.stdout).toMatch(/run_hls\.tcl:14: puts/);
    expect(ok.stdout).toMatch(/stack limit raised to 512 MiB/);
    expect(ok.stdout).toMatch(/CSIM PASS/);

    const bad = await cli(['csim', path.join(here, 'fixtures', 'compile-error', 'run_hls.tcl'), '--json', '--build-dir', path.join(tmp, 'bad')]);
    expect(bad.exitCode).toBe(1);
    const j = JSON.parse(bad.stdout);
    expect(j.pass).toBe(false);
    expect(j.stage).toBe('build');
    expect(j.errors[0]).toMatchObject({ severity: 'error', line: 5 });
    expect(j.errors[0].file).toMatch(/k\.cpp$/);
  });

  it('rejects a path without a project', async () => {
    const r = await cli(['csim', tmp]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/no Vitis HLS project here/);
  });
});
