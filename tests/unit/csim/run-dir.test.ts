import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { emptyProject } from '../../../src-main/csim/project';
import { prepareRunDir, runDirTarget } from '../../../src-main/csim/run';

describe('testbench run dir', () => {
  it('places files at their relative path, or by name when they point outside the project', () => {
    expect(runDirTarget('data/in.txt')).toBe(path.join('data', 'in.txt'));
    expect(runDirTarget('./data')).toBe('data');
    expect(runDirTarget('../shared/w.bin')).toBe('w.bin');
    expect(runDirTarget('/abs/x.dat')).toBe('x.dat');
  });

  it('mirrors the testbench files: copies, reuses unchanged ones, removes leftovers of earlier runs', async () => {
    const src = mkdtempSync(path.join(os.tmpdir(), 'rundir-src-'));
    const run = path.join(mkdtempSync(path.join(os.tmpdir(), 'rundir-run-')), 'run');
    mkdirSync(path.join(src, 'data', 'sub'), { recursive: true });
    writeFileSync(path.join(src, 'data', 'a.txt'), 'A');
    writeFileSync(path.join(src, 'data', 'sub', 'b.txt'), 'B');
    writeFileSync(path.join(src, 'tb.cpp'), 'int main(){}');
    const p = emptyProject('tcl', src);
    p.tbFiles.push({ path: path.join(src, 'tb.cpp'), as: 'tb.cpp', cflags: [], csimflags: [] });
    p.tbFiles.push({ path: path.join(src, 'data'), as: 'data', cflags: [], csimflags: [] });

    await prepareRunDir(p, run);
    expect(readFileSync(path.join(run, 'data', 'sub', 'b.txt'), 'utf8')).toBe('B');
    // A run writes outputs; the next preparation removes them and keeps the inputs.
    writeFileSync(path.join(run, 'out.bin'), 'old output');
    writeFileSync(path.join(run, 'data', 'log.txt'), 'old log');
    // Mark the copy (same size and mtime as the source): if it is reused, the mark survives.
    const copy = path.join(run, 'data', 'a.txt');
    const { mtime } = statSync(path.join(src, 'data', 'a.txt'));
    writeFileSync(copy, 'Z');
    utimesSync(copy, mtime, mtime);
    await prepareRunDir(p, run);
    expect(existsSync(path.join(run, 'out.bin'))).toBe(false);
    expect(existsSync(path.join(run, 'data', 'log.txt'))).toBe(false);
    expect(readFileSync(copy, 'utf8')).toBe('Z'); // not copied again
    // A changed source is copied again.
    writeFileSync(path.join(src, 'data', 'a.txt'), 'A2');
    utimesSync(path.join(src, 'data', 'a.txt'), new Date(), new Date(Date.now() + 5000));
    await prepareRunDir(p, run);
    expect(readFileSync(path.join(run, 'data', 'a.txt'), 'utf8')).toBe('A2');
    // The sources are never written.
    expect(existsSync(path.join(src, 'out.bin'))).toBe(false);
  });
});
