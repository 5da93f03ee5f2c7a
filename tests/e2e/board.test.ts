import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { SHOTS as shots, showView, useWorkbench } from './workbench';

/** Non-transparent pixels of the chart's canvas: the chart really drew something. */
async function inkedPixels(page: Page, testid: string): Promise<number> {
  return page.evaluate((id) => {
    const c = document.querySelector(`[data-testid=${id}] canvas`) as HTMLCanvasElement | null;
    if (!c) return 0;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  }, testid);
}

describe('Board and Power views over the emulator', () => {
  // Registered first: with vitest's stacked hooks it runs after the fixture has stopped serve.
  const proj = tmpDir('fwb-e2e-measure-proj-');
  afterAll(() => proj.cleanup());
  const wb = useWorkbench({ home: 'fwb-e2e-measure-home-', page: { width: 1400, height: 900, acceptDownloads: true }, startTimeoutMs: 120_000 });
  const { consoleErrors } = wb;
  let page: Page;
  beforeAll(() => { page = wb.page; });

  /** The view scrolls inside .content: shoot its top and its bottom, light then dark. */
  async function shootBoth(name: string): Promise<void> {
    for (const theme of ['', '-dark']) {
      if (theme) {
        await page.click('[data-testid=theme-toggle]');
        await page.waitForTimeout(300);
      }
      await page.evaluate(() => document.querySelector('.content')!.scrollTo(0, 0));
      await page.screenshot({ path: path.join(shots, `${name}${theme}.png`) });
      await page.evaluate(() => document.querySelector('.content')!.scrollTo(0, 1e6));
      await page.waitForTimeout(100);
      await page.screenshot({ path: path.join(shots, `${name}${theme}-bottom.png`) });
    }
    await page.click('[data-testid=theme-toggle]');
    await page.evaluate(() => document.querySelector('.content')!.scrollTo(0, 0));
  }

  const go = (view: string): Promise<void> => showView(page, view);

  it('board picker shows the facts, marks unverified ones, and a bad port path gives a clear error', async () => {
    await page.fill('[data-testid=project-path]', path.join(proj.dir, 'demo'));
    await page.click('[data-testid=project-create]');
    await page.waitForSelector('[data-testid=project-current]');
    await go('board');
    await page.waitForSelector('[data-testid=empty-state]');
    await page.waitForSelector('[data-testid=board-facts]');
    await page.selectOption('[data-testid=board-select]', 'zcu102');
    await page.waitForSelector('[data-testid=board-facts]:has-text("xczu9eg-ffvb1156-2-e")');
    expect(await page.textContent('[data-testid=board-facts]')).toMatch(/10c4:ea71/);
    expect(await page.locator('[data-testid=board-facts] .prov.U').count()).toBeGreaterThan(0);
    await page.fill('[data-testid=port-path]', '/dev/ttyUSB-not-here-7');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=measure-error]');
    expect(await page.textContent('[data-testid=measure-error]')).toMatch(/\/dev\/ttyUSB-not-here-7 does not exist/);
    await page.screenshot({ path: path.join(shots, 'board-empty.png'), fullPage: true });
  });

  it('starts the emulator, connects, measures: histogram, stats and console fill, labelled EMULATED', async () => {
    await page.click('[data-testid=emulator-start]');
    await page.waitForSelector('[data-testid=emulator-port]');
    const port = (await page.textContent('[data-testid=emulator-port]'))!.trim();
    expect(port).toMatch(/^\/dev\/pts\/\d+$/);
    expect(await page.inputValue('[data-testid=port-path]')).toBe(port);
    expect(await page.isVisible('[data-testid=emulated-banner]')).toBe(true);
    expect(await page.textContent('[data-testid=emulated-banner]')).toContain('EMULATED');
    await page.click('[data-testid=connect]');
    await page.waitForSelector('[data-testid=link-state][data-state=open] .badge');
    expect(await page.locator('[data-testid=link-state] .badge.emulated').count()).toBe(1);
    await page.fill('[data-testid=measure-rate]', '200');
    await page.fill('[data-testid=measure-seconds]', '4');
    await page.click('[data-testid=measure-start]');
    await page.waitForSelector('[data-testid=measuring]');
    await page.waitForSelector('[data-testid=latency-histogram] canvas');
    await page.waitForSelector('[data-testid=measure-ended]', { timeout: 20_000 });
    await page.waitForTimeout(400); // last redraw tick
    expect(await inkedPixels(page, 'latency-histogram')).toBeGreaterThan(2000);
    const stats = await page.textContent('[data-testid=measure-stats]');
    expect(stats).toMatch(/800 power/);
    expect(await page.textContent('[data-testid=measure-stats] [data-stat=lost]')).toMatch(/^Lost\s*0 batches/);
    // every figure box carries the emulated badge, none says measured
    const boxes = await page.locator('[data-testid=measure-stats] .fig-box').count();
    expect(boxes).toBeGreaterThan(6);
    expect(await page.locator('[data-testid=measure-stats] .badge.emulated').count()).toBe(boxes);
    expect(await page.locator('.content .badge.measured').count()).toBe(0);
    expect(await page.textContent('[data-testid=console]')).toMatch(/\S/);
    await shootBoth('board-emulated');
  });

  it('Power view: streaming chart per rail group, rail table with badges, CSV download, past session', async () => {
    await go('power');
    await page.waitForSelector('[data-testid=power-chart] canvas');
    await page.waitForTimeout(300);
    expect(await inkedPixels(page, 'power-chart')).toBeGreaterThan(2000);
    expect(await page.isVisible('[data-testid=emulated-banner]')).toBe(true);
    const railRows = await page.locator('[data-testid=rail-table] tbody tr:not(.group-row)').count();
    expect(railRows).toBe(18);
    expect(await page.locator('[data-testid=rail-table] tr.group-row').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^PL rails \(5\)/), expect.stringMatching(/^PS rails \(8\)/), expect.stringMatching(/^MGT rails \(4\)/)]),
    );
    expect(await page.textContent('[data-testid=energy-total]')).toMatch(/mJ/);
    await page.waitForSelector('[data-testid=sessions-table] tbody tr');
    expect(await page.locator('[data-testid=sessions-table] tbody tr').count()).toBe(1);
    // the run and each of its figures (p50, power, energy) labelled emulated, none measured
    expect(await page.locator('[data-testid=sessions-table] tbody tr .badge.emulated').count()).toBe(4);
    expect(await page.locator('[data-testid=sessions-table] .badge.measured').count()).toBe(0);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=csv-download]')]);
    expect(download.suggestedFilename()).toMatch(/emulated\.csv$/);
    const file = await download.path();
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(text.split('\n')[0]).toBe('# source=emulated');
    expect(text.split('\n').filter((l) => l.startsWith('power,'))).toHaveLength(800);
    await shootBoth('power-emulated');
    // one group's rails: the chart re-draws with those series only
    await page.selectOption('[data-testid=power-view-select]', 'PL');
    await page.waitForTimeout(300);
    expect(await inkedPixels(page, 'power-chart')).toBeGreaterThan(2000);
    await page.screenshot({ path: path.join(shots, 'power-emulated-pl.png') });
  });

  it('Power view puts the estimate beside the emulated figures once a model is imported', async () => {
    await page.click('[data-testid=estimate-load]');
    await page.waitForSelector('[data-testid=estimate-note]:has-text("import a model")');
    await go('model');
    await page.fill('[data-testid=model-source]', 'm3vit-t');
    await page.click('[data-testid=model-load]');
    await page.waitForSelector('[data-testid=layer-table] tbody tr');
    await go('power');
    await page.click('[data-testid=estimate-load]');
    await page.waitForSelector('[data-testid=power-figures] .fig-box.est', { timeout: 30_000 });
    expect(await page.locator('[data-testid=power-figures] .fig-box.est .badge.estimate').count()).toBe(2);
    const vccint = page.locator('[data-testid=rail-table] tr', { hasText: 'VCCINT' });
    expect(await vccint.locator('.badge.estimate').count()).toBe(1);
    expect(await vccint.locator('.badge.emulated').count()).toBe(1);
    await page.evaluate(() => document.querySelector('.content')!.scrollTo(0, 500));
    await page.screenshot({ path: path.join(shots, 'power-emulated-vs-estimate.png') });
  });

  it('disconnects and stops the emulator without console errors', async () => {
    await go('board');
    await page.click('[data-testid=disconnect]');
    await page.waitForSelector('[data-testid=link-state][data-state=closed]:has-text("not connected")');
    await page.click('[data-testid=emulator-stop]');
    await page.waitForSelector('[data-testid=emulator-start]');
    expect(consoleErrors).toEqual([]);
  });
});
