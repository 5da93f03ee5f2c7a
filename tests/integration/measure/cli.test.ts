/** The CLI end to end: emulate-board prints a port, measure --json reads it, the run record says emulated. */
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const cli = path.join(repoRoot, 'bin', 'fpga-workbench.mjs');
let emu: ChildProcess | undefined;
afterAll(() => {
  if (emu && emu.exitCode === null) emu.kill('SIGKILL');
});

describe('fpga-workbench emulate-board / measure / boards', () => {
  it('measures the emulated board and labels every figure emulated', async () => {
    emu = spawn(process.execPath, [cli, 'emulate-board', '--board', 'kv260', '--latency-ms', '4', '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((resolve, reject) => {
      let buf = '';
      emu!.stdout!.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]);
      });
      emu!.on('exit', (c) => reject(new Error(`emulate-board exited ${c}`)));
    });
    const info = JSON.parse(first) as { port: string; source: string };
    expect(info.source).toBe('emulated');
    const project = mkdtempSync(path.join(os.tmpdir(), 'cli-measure-'));
    const out = path.join(project, 'summary.json');
    const r = spawnSync(process.execPath, [cli, 'measure', '--port', info.port, '--board', 'kv260', '--seconds', '2', '--rate', '500', '--json', '--project', project, '--out', out], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const sum = JSON.parse(r.stdout);
    expect(sum.source).toBe('emulated');
    expect(sum.stats.link.received.powerSamples).toBe(1000);
    expect(sum.stats.link.lostBatches).toBe(0);
    expect(sum.stats.rails[0].meanW.source).toBe('emulated');
    expect(JSON.parse(readFileSync(out, 'utf8')).run).toBe(sum.run);
    const runs = readdirSync(path.join(project, '.workbench', 'runs'));
    expect(runs).toHaveLength(1);
    const run = JSON.parse(readFileSync(path.join(project, '.workbench', 'runs', runs[0], 'run.json'), 'utf8'));
    expect(run.kind).toBe('measure');
    expect(run.status).toBe('done');
    expect(run.figures.latencyP50Ms.source).toBe('emulated');
    expect(run.figures.powerTotalW.source).toBe('emulated');
    // text mode names the source on every figure line
    const t = spawnSync(process.execPath, [cli, 'measure', '--port', info.port, '--board', 'kv260', '--seconds', '1', '--project', project], { encoding: 'utf8', timeout: 60_000 });
    expect(t.status, t.stderr).toBe(0);
    for (const key of ['samples received', 'lost', 'duplicated', 'CRC rejects', 'latency p50', 'power SOM_TOTAL']) {
      const line = t.stdout.split('\n').find((l) => l.startsWith(key));
      expect(line, key).toBeDefined();
      expect(line!).toContain('[emulated]');
    }
    emu.kill('SIGINT');
    const code = await new Promise((r) => emu!.on('exit', r));
    expect(code).toBe(0);
  }, 90_000);

  it('measure on a missing port names it; boards --json lists validated boards', () => {
    const r = spawnSync(process.execPath, [cli, 'measure', '--port', '/dev/ttyUSB-nope', '--board', 'zcu102', '--seconds', '1', '--project', os.tmpdir()], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\/dev\/ttyUSB-nope does not exist/);
    const b = spawnSync(process.execPath, [cli, 'boards', '--json'], { encoding: 'utf8' });
    expect(b.status).toBe(0);
    const boards = JSON.parse(b.stdout) as Array<{ id: string; power: { rails: unknown[] } }>;
    expect(boards.find((x) => x.id === 'zcu102')!.power.rails).toHaveLength(18);
  });
});
