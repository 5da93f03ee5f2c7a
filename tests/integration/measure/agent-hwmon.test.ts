/**
 * The on-board agent's hardware path, on the host: power rails read from a fake /sys/class/hwmon tree
 * (resolved by `name`, power1_input or curr1×in2), the uio backend refused cleanly without a device,
 * and the hello labels the link 'measured' because the agent says so (no emulated backend or rails).
 * Also: the agent builds warning-free with -Wall -Wextra (-Werror here).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { agentDir, ensureHostAgent } from '../../../src-main/measure/emulator';
import { BoardLink } from '../../../src-main/measure/link';
import type { PowerBatch } from '../../../src-main/measure/frame';
import { boardAgentArgs } from '../../../src-main/measure/agent-args';
import { loadBoard } from '../../../src-main/boards/registry';

let agent: ChildProcess | undefined;
afterAll(() => agent?.kill('SIGKILL'));

function fakeHwmon(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'hwmon-'));
  const dev = (n: string, files: Record<string, string>) => {
    mkdirSync(path.join(root, n));
    for (const [f, v] of Object.entries(files)) writeFileSync(path.join(root, n, f), v + '\n');
  };
  dev('hwmon0', { name: 'ams' });
  dev('hwmon3', { name: 'ina226_u79', power1_input: '1234000', curr1_input: '999', in2_input: '850' });
  dev('hwmon7', { name: 'ina226_u81', curr1_input: '200', in2_input: '900' }); // no power file: 200 mA × 900 mV
  return root;
}

describe('fw-agent hardware path', () => {
  beforeAll(async () => {
    await ensureHostAgent();
  });

  it('builds warning-free with -Wall -Wextra -Werror', () => {
    const r = spawnSync('make', ['-B', '-C', agentDir(), 'host', 'CFLAGS=-O2 -Werror'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr + r.stdout).not.toMatch(/warning/);
  });

  it('reads rails from hwmon by name and labels itself measured', async () => {
    const root = fakeHwmon();
    agent = spawn(
      path.join(agentDir(), 'build', 'host', 'fw-agent'),
      ['--board', 'zcu102', '--backend', 'uio', '--hwmon-root', root, '--rail', 'VCCINT=ina226_u79', '--rail', 'VCCBRAM=ina226_u81'],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const batches: PowerBatch[] = [];
    const link = new BoardLink((d) => agent!.stdin!.write(d), { onPower: (b) => batches.push(b) });
    agent.stdout!.on('data', (d) => link.push(d));
    const hello = await link.handshake();
    expect(hello.mode).toBe('measured');
    expect(hello.backend).toBe('uio');
    expect(hello.rails).toEqual(['VCCINT', 'VCCBRAM']);
    // inferences need a UIO device: refused with the reason
    await expect(link.request('start', { rate: '100' })).rejects.toThrow(/uio backend needs --uio/);
    // power only works without one
    const ok = await link.request('start', { rate: '200', dur: '300', inf: '0' });
    link.beginRun(ok.r);
    await new Promise((r) => setTimeout(r, 800));
    const rows = batches.flatMap((b) => b.values);
    expect(rows).toHaveLength(60);
    for (const row of rows) expect(row).toEqual([1234000, 200 * 900]);
    link.close();
  });

  it('fails at start with the sensor name when a rail cannot be resolved', () => {
    const r = spawnSync(path.join(agentDir(), 'build', 'host', 'fw-agent'), ['--hwmon-root', fakeHwmon(), '--rail', 'VCCAUX=ina226_u80'], {
      encoding: 'utf8',
      input: '',
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no hwmon device named 'ina226_u80'/);
  });

  it('tells two sensors with one hwmon name apart by I2C device (Ultra96-V2 irps5401 pair), with the args made from the board file', async () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'hwmon-u96-'));
    for (const [n, addr, p4] of [['hwmon1', '6-0044', '777000'], ['hwmon2', '6-0043', '4321000']] as const) {
      const dev = path.join(root, 'devices', 'i2c-6', addr);
      mkdirSync(dev, { recursive: true });
      mkdirSync(path.join(root, n));
      writeFileSync(path.join(root, n, 'name'), 'irps5401\n');
      writeFileSync(path.join(root, n, 'power1_input'), '1000\n');
      writeFileSync(path.join(root, n, 'power4_input'), p4 + '\n');
      symlinkSync(dev, path.join(root, n, 'device'));
    }
    const args = boardAgentArgs(loadBoard('ultra96v2'), { backend: 'devmem' });
    const a = spawn(path.join(agentDir(), 'build', 'host', 'fw-agent'), [...args, '--hwmon-root', root], { stdio: ['pipe', 'pipe', 'pipe'] });
    const rows: number[][] = [];
    const link = new BoardLink((d) => a.stdin!.write(d), { onPower: (b) => rows.push(...b.values) });
    a.stdout!.on('data', (d) => link.push(d));
    try {
      const hello = await link.handshake();
      expect(hello.rails).toEqual(['VCCINT', 'IRPS5401_0x44']);
      const ok = await link.request('start', { rate: '100', dur: '100', inf: '0' });
      link.beginRun(ok.r);
      await new Promise((r) => setTimeout(r, 500));
      expect(rows).toHaveLength(10);
      // VCCINT = power4 of the PMIC at 6-0043; the second rail = power1 of the one at 6-0044 (both named irps5401)
      for (const row of rows) expect(row).toEqual([4321000, 1000]);
    } finally {
      link.close();
      a.kill('SIGKILL');
    }
  });
});
