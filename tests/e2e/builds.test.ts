// Settings and Builds views in Chromium against `serve`: detection finds nothing on this machine and
// says where it looked; the test-only replay tools, installed under the real tool names in a temp
// Xilinx tree, are configured through the Settings form (settings.set); a build of a temp project
// shows progress, a live classified log, then its history row with figures; two runs are compared;
// a build without tools fails at csynth and its first errors / reason are shown.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { tmpDir } from '../helpers/tmp';
import { SHOTS as shots, useWorkbench } from './workbench';

const REPLAY_HLS = path.join(repoRoot, 'tests', 'tools', 'replay-vitis-hls');
const REPLAY_VIVADO = path.join(repoRoot, 'tests', 'tools', 'replay-vivado');

describe('Settings and Builds views', () => {
  const t = tmpDir('fwb-e2e-builds-');
  // Registered first: with vitest's stacked hooks it runs after the fixture has stopped serve.
  afterAll(() => t.cleanup());
  const install = path.join(t.dir, 'Xilinx');
  const projectDir = path.join(t.dir, 'accel');

  function setup(): void {
    mkdirSync(path.join(install, 'Vitis_HLS', '2022.1', 'bin'), { recursive: true });
    mkdirSync(path.join(install, 'Vivado', '2021.1', 'bin'), { recursive: true });
    symlinkSync(REPLAY_HLS, path.join(install, 'Vitis_HLS', '2022.1', 'bin', 'vitis_hls'));
    symlinkSync(REPLAY_VIVADO, path.join(install, 'Vivado', '2021.1', 'bin', 'vivado'));
    // What the replay reads of an HLS project (codegen writes the real ones).
    mkdirSync(projectDir, { recursive: true });
    writeFileSync(path.join(projectDir, 'run_hls.tcl'), 'open_project -reset proj\nset_top seq_align_multiple\nopen_solution -reset solution1\n');
    writeFileSync(path.join(projectDir, 'workbench-project.json'), '{}\n'); // generated-project marker: steps one by one
    writeFileSync(path.join(projectDir, 'run_vivado.tcl'), 'create_project impl_proj ./impl_proj\n');
    // A run record left 'running' by a workbench that is gone (crash / kill -9): shows as interrupted.
    const dead = path.join(projectDir, '.workbench', 'runs', '20260101-000000-dead01');
    mkdirSync(dead, { recursive: true });
    writeFileSync(path.join(dead, 'run.json'), JSON.stringify({
      schema: 1, id: '20260101-000000-dead01', kind: 'build', projectDir, createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:01:00.000Z',
      status: 'running', owner: { pid: 4_000_000, host: hostname(), startTicks: '1' },
      steps: [
        { name: 'generate', status: 'done', startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:01.000Z', firstErrors: [] },
        { name: 'csynth', status: 'running', startedAt: '2026-01-01T00:00:01.000Z', firstErrors: [] },
      ],
      reports: [], figures: {},
    }));
  }
  const wb = useWorkbench({
    home: 'fwb-e2e-builds-home-',
    setup,
    // A small per-line delay so progress and the live log can be watched; no Xilinx tool on PATH.
    env: { REPLAY_DELAY_MS: '6', PATH: '/usr/local/bin:/usr/bin:/bin' },
    page: { width: 1400, height: 1000 },
  });
  const { consoleErrors } = wb;
  let page: Page;
  beforeAll(() => { page = wb.page; });

  const view = async (v: string) => {
    await page.click(`.nav-item[data-view=${v}]`);
    await page.waitForSelector(`.topbar h1:text-is("${v[0].toUpperCase() + v.slice(1)}")`);
  };

  it('Settings: Detect finds no tool here and says where it looked; saving the tool paths finds the tools', async () => {
    await view('settings');
    await page.click('[data-testid=settings-detect]');
    await page.waitForSelector('[data-testid=settings-missing]');
    const missing = await page.textContent('[data-testid=settings-detected]');
    expect(missing).toMatch(/Vitis HLS not found\..*no vitis_hls, vitis-run or vivado_hls found/s);
    expect(missing).toMatch(/Vivado not found/);
    expect(missing).toContain('/usr/bin');
    await page.screenshot({ path: path.join(shots, 'settings-nothing-found.png'), fullPage: true });

    await page.fill('[data-testid=settings-queue-limit]', '0');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-error]');
    expect(await page.textContent('[data-testid=settings-error]')).toContain("field 'queueLimit'");

    await page.fill('[data-testid=settings-queue-limit]', '1');
    await page.fill('[data-testid=settings-tool-paths]', install);
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-saved]');
    await page.waitForSelector('[data-testid=settings-tool] >> text=vitis_hls');
    const rows = await page.$$eval('[data-testid=settings-tool]', (els) => els.map((e) => e.textContent ?? ''));
    expect(rows.some((r) => /vitis_hls\s*2022\.1/.test(r) && r.includes(install) && r.includes('settings'))).toBe(true);
    expect(rows.some((r) => /vivado\s*2021\.1/.test(r))).toBe(true);
    expect(await page.$('[data-testid=settings-missing]')).toBeNull();
    await page.screenshot({ path: path.join(shots, 'settings-tools-found.png'), fullPage: true });
  });

  it('Builds: starts a build, shows progress and the live log, then the history row with figures', async () => {
    await view('project');
    await page.fill('[data-testid=project-path]', projectDir);
    await page.click('[data-testid=project-create]');
    await page.waitForSelector('[data-testid=project-current]');
    await view('builds');
    await page.waitForSelector('[data-testid=builds-tools]:has-text("vitis_hls 2022.1")');
    expect(await page.$('[data-testid=builds-blockers]')).toBeNull();
    // cosim is off by default; leave csim on (it passes without a callback)
    await page.click('[data-testid=builds-start]');
    await page.waitForSelector('[data-testid=builds-progress]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=builds-live-log] .ll').length > 20);
    await page.waitForSelector('[data-testid=builds-live-log] .ll[data-sev=warning]');
    const pct = await page.textContent('[data-testid=builds-progress] .pct');
    expect(pct).toMatch(/^\d+%$/);
    await page.screenshot({ path: path.join(shots, 'builds-running.png'), fullPage: true });

    await page.fill('[data-testid=builds-log-filter]', 'HLS 207-');
    const filtered = await page.$$eval('[data-testid=builds-live-log] .ll', (els) => els.map((e) => e.textContent ?? ''));
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((l) => l.includes('HLS 207-'))).toBe(true);
    await page.fill('[data-testid=builds-log-filter]', '');

    await page.waitForSelector('[data-testid=builds-run-status]:text-is("done")', { timeout: 60_000 });
    const row = await page.textContent('[data-testid=builds-history] tbody tr');
    // latency 1082352 cycles from csynth; total power 1.394 W from the implementation power report
    expect(row).toMatch(/1\.082 M\s*csynth/);
    expect(row).toMatch(/1\.394\s*impl/);
    expect(await page.textContent('[data-testid=builds-counts]')).toMatch(/warnings [1-9]/);
    expect(await page.textContent('[data-testid=builds-history] tr[data-run-id="20260101-000000-dead01"]')).toContain('interrupted');
    await page.locator('[data-testid=builds-history]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'builds-done.png') });
  });

  it('Builds: compares two runs side by side and shows why a build without tools stopped', async () => {
    // A second build with csynth only, then one with no tools configured.
    await page.click('[data-testid=builds-steps] label:has-text("impl") input');
    await page.click('[data-testid=builds-start]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=builds-run-status]')].filter((e) => e.textContent === 'done').length === 2, undefined, { timeout: 60_000 });
    const boxes = await page.$$('[data-testid=builds-select]');
    await boxes[0].check();
    await boxes[1].check();
    await page.waitForSelector('[data-testid=builds-compare-chart]');
    const cmp = await page.textContent('[data-testid=builds-compare]');
    expect(cmp).toContain('csynth.lut');
    expect(cmp).toContain('impl.powerTotalW');
    await page.locator('[data-testid=builds-compare]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'builds-compare.png') });

    // Cancel a running build from the queue.
    await page.click('[data-testid=builds-start]');
    await page.waitForSelector('[data-testid=builds-progress]');
    await page.click('[data-testid=builds-queue] [data-testid=builds-cancel]');
    await page.waitForSelector('[data-testid=builds-run-status]:text-is("cancelled")', { timeout: 10_000 });
    await page.waitForSelector('[data-testid=builds-queue]:has-text("Nothing running or queued")');

    await view('settings');
    await page.fill('[data-testid=settings-tool-paths]', '');
    await page.click('[data-testid=settings-save]');
    await page.waitForSelector('[data-testid=settings-missing]');
    await view('builds');
    await page.waitForSelector('[data-testid=builds-blockers]');
    expect(await page.textContent('[data-testid=builds-blockers]')).toMatch(/HLS steps will stop: no vitis_hls/);
    await page.click('[data-testid=builds-start]');
    await page.waitForSelector('[data-testid=builds-run-status]:text-is("failed")', { timeout: 30_000 });
    // Open the failed run by its status, not by position: the history may not have re-sorted yet.
    await page.click('[data-testid=builds-history] tbody tr:has([data-testid=builds-run-status]:text-is("failed")) td:nth-child(2)');
    await page.waitForSelector('[data-testid=builds-detail] h2:has-text("failed")');
    await page.waitForSelector('[data-testid=builds-first-errors]');
    expect(await page.textContent('[data-testid=builds-first-errors]')).toMatch(/csynth failed.*no vitis_hls, vitis-run or vivado_hls found/s);
    expect(await page.textContent('[data-testid=builds-resume]')).toBe('Resume from csynth');
    await page.click('[data-testid=theme-toggle]');
    await page.locator('[data-testid=builds-detail]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(shots, 'builds-failed-dark.png') });
    await page.click('[data-testid=theme-toggle]');
    expect(consoleErrors).toEqual([]);
  });
});
