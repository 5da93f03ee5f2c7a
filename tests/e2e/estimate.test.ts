import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { SHOTS as shots, showView, useWorkbench } from './workbench';
import { newRun, saveRun } from '../../src-main/project/runs';
import { fig } from '../../src-main/core/figure';

describe('Resources, Latency and Explore views on M³ViT-T / ZCU102', () => {
  const wb = useWorkbench({ home: 'fwb-e2e-est-home-', page: { width: 1400, height: 900 }, startTimeoutMs: 120_000 });
  const { consoleErrors } = wb;
  let page: Page;
  beforeAll(() => { page = wb.page; });

  /** The views scroll inside the shell, so a full-page shot needs a viewport as tall as the view. */
  async function shot(name: string): Promise<void> {
    const h = await page.evaluate(() => (document.querySelector('.content .view') as HTMLElement).scrollHeight);
    await page.setViewportSize({ width: 1400, height: Math.min(6000, h + 140) });
    await page.waitForTimeout(250); // charts follow their container's size
    await page.screenshot({ path: path.join(shots, name) });
    await page.setViewportSize({ width: 1400, height: 900 });
  }

  const go = (view: string): Promise<void> => showView(page, view);

  it('shows the empty state before a model is imported', async () => {
    await go('resources');
    await page.waitForSelector('[data-testid=empty-state]');
    expect(await page.textContent('[data-testid=empty-state]')).toMatch(/import a model/i);
  });

  it('Resources: utilisation bars per unit, fit verdict, badges, re-estimates on a form change', async () => {
    await go('model');
    await page.fill('[data-testid=model-source]', 'm3vit-t');
    await page.click('[data-testid=model-load]');
    await page.waitForSelector('[data-testid=layer-table] tbody tr');
    await go('resources');
    await page.waitForSelector('[data-testid=fit-verdict]');
    expect(await page.textContent('[data-testid=fit-verdict]')).toMatch(/Fits/);
    expect(await page.locator('[data-testid=resources-chart] canvas').count()).toBe(1);
    // Every figure row carries its source badge.
    expect(await page.locator('[data-testid=util-table] tbody tr').count()).toBe(5);
    expect(await page.locator('[data-testid=util-table] .badge.estimate').count()).toBe(5);
    expect(await page.locator('[data-testid=assumptions] li').count()).toBeGreaterThan(5);
    await page.waitForSelector('[data-testid=reports-empty]');
    // Set the board and clock the comparison is about, then check the form really re-estimates.
    await page.selectOption('[data-testid=estimate-board]', 'zcu102');
    await page.fill('[data-testid=estimate-clock]', '300');
    await page.waitForSelector('[data-testid=estimate-meta]:has-text("ZCU102 at 300 MHz")');
    const before = await page.textContent('[data-testid=util-table] tbody tr:nth-child(3) td:nth-child(2)');
    await page.fill('[data-testid=estimate-tiles]', 'in=8,out=8,heads=1,keys=2');
    await page.press('[data-testid=estimate-tiles]', 'Enter');
    await page.waitForSelector('[data-testid=estimate-meta]:has-text("in=8,out=8")');
    const after = await page.textContent('[data-testid=util-table] tbody tr:nth-child(3) td:nth-child(2)');
    expect(after).not.toBe(before);
    await shot('resources-m3vit-t.png');
    // Back to the searched tiling for the next views.
    await page.fill('[data-testid=estimate-tiles]', '');
    await page.press('[data-testid=estimate-tiles]', 'Enter');
    await page.waitForSelector('[data-testid=estimate-meta]:has-text("(searched)")');
  });

  it('Latency: waterfall per layer and the published rows labelled published', async () => {
    await go('latency');
    await page.waitForSelector('[data-testid=latency-waterfall] canvas');
    await page.waitForSelector('[data-testid=published-table]');
    const rows = await page.locator('[data-testid=published-table] tr.published-row').allTextContents();
    expect(rows.join('\n')).toMatch(/Edge-MoE[\s\S]*UbiMoE[\s\S]*CoQMoE/);
    expect(await page.locator('[data-testid=published-table] tr.published-row .badge.published').count()).toBe(3);
    expect(await page.locator('[data-testid=latency-table] tbody tr').count()).toBeGreaterThan(48);
    expect(await page.textContent('[data-testid=latency-total-ms]')).toMatch(/\d ms/);
    await page.waitForSelector('[data-testid=latency-no-reports]');
    await shot('latency-m3vit-t.png');
    await page.click('[data-testid=theme-toggle]');
    await shot('latency-m3vit-t-dark.png');
    await go('resources');
    await page.waitForSelector('[data-testid=resources-chart] canvas');
    await shot('resources-m3vit-t-dark.png');
    await page.click('[data-testid=theme-toggle]');
  });

  it('Explore: a small sweep streams points, the front is highlighted, clicking a point opens its plan', async () => {
    await go('explore');
    await page.waitForSelector('[data-testid=dse-form]');
    await page.fill('[data-testid=dse-budget]', '400');
    await page.fill('[data-testid=dse-clocks]', '300');
    await page.click('[data-testid=dse-start]');
    await page.waitForSelector('[data-testid=dse-status]:has-text("400 / 400 plans")', { timeout: 30_000 });
    await page.waitForSelector('[data-testid=dse-scatter] canvas');
    expect(await page.locator('[data-testid=dse-front-table] tbody tr').count()).toBeGreaterThan(0);
    await page.selectOption('[data-testid=dse-axis]', 'lut');
    await page.waitForTimeout(200);
    // Click a front point in the chart itself: find an orange (front-coloured) pixel below the legend.
    const spot = await page.evaluate(() => {
      const c = document.querySelector('[data-testid=dse-scatter] canvas') as HTMLCanvasElement;
      const ctx = c.getContext('2d')!;
      const r = c.getBoundingClientRect();
      const sx = c.width / r.width;
      const sy = c.height / r.height;
      const img = ctx.getImageData(0, 0, c.width, c.height).data;
      for (let y = Math.round(60 * sy); y < c.height - 4; y++) {
        for (let x = 0; x < c.width - 4; x++) {
          // A filled 4×4 block of the front colour: a point's disc, not the thin front line.
          let solid = true;
          for (let dy = 0; dy < 4 && solid; dy++) {
            for (let dx = 0; dx < 4 && solid; dx++) {
              const i = ((y + dy) * c.width + x + dx) * 4;
              solid = Math.abs(img[i] - 0xf2) < 6 && Math.abs(img[i + 1] - 0x8e) < 6 && Math.abs(img[i + 2] - 0x2b) < 6 && img[i + 3] > 250;
            }
          }
          if (solid) return { x: r.left + (x + 2) / sx, y: r.top + (y + 2) / sy };
        }
      }
      return null;
    });
    expect(spot).not.toBeNull();
    await page.mouse.click(spot!.x, spot!.y);
    await page.waitForSelector('[data-testid=dse-selected]');
    expect(await page.locator('[data-testid=dse-plan-layers] tbody tr').count()).toBeGreaterThan(48);
    // The table's open buttons select a front point too.
    await page.click('[data-testid=dse-front-table] tbody tr:first-child button');
    await page.waitForSelector('[data-testid=dse-front-table] tbody tr.selected:first-child');
    await shot('explore-m3vit-t.png');
    await page.click('[data-testid=theme-toggle]');
    await shot('explore-m3vit-t-dark.png');
    await page.click('[data-testid=theme-toggle]');
  });

  it('Resources and Latency put a build\'s csynth / impl and a measured run beside the estimate', async () => {
    const proj = tmpDir('fwb-e2e-est-proj-');
    try {
      await go('project');
      await page.fill('[data-testid=project-path]', path.join(proj.dir, 'demo'));
      await page.click('[data-testid=project-create]');
      await page.waitForSelector('[data-testid=project-current]');
      const dir = path.join(proj.dir, 'demo');
      const build = newRun(dir, { kind: 'build', steps: ['csynth', 'impl'], id: '20261128-110000-bbbbbb' });
      build.status = 'done';
      build.figures = {
        'csynth.lut': fig(150_000, 'LUT', 'csynth'), 'csynth.ff': fig(160_000, 'FF', 'csynth'), 'csynth.dsp': fig(1700, 'DSP', 'csynth'),
        'csynth.bram18k': fig(900, 'BRAM_18K', 'csynth'), 'csynth.latencyCycles': fig(1_500_000, 'cycles', 'csynth'),
        'impl.lut': fig(120_000, 'LUT', 'impl'), 'impl.ff': fig(150_000, 'FF', 'impl'), 'impl.dsp': fig(1690, 'DSP', 'impl'), 'impl.bram18k': fig(880, 'BRAM_18K', 'impl'),
        'impl.powerTotalW': fig(6.2, 'W', 'impl'),
      };
      await saveRun(build);
      const meas = newRun(dir, { kind: 'measure', steps: ['run'], id: '20261128-120000-cccccc' });
      meas.status = 'done';
      meas.figures = { 'measured.latencyMs': fig(5.1, 'ms', 'emulated') };
      await saveRun(meas);
      await go('resources');
      await page.click('[data-testid=estimate-form] button[type=submit]');
      await page.waitForSelector('[data-testid=compare-table]');
      expect(await page.locator('[data-testid=compare-chart] canvas').count()).toBe(1);
      const lutRow = page.locator('[data-testid=compare-table] tbody tr', { hasText: 'LUT' }).first();
      expect(await lutRow.locator('.badge.estimate').count()).toBe(1);
      expect(await lutRow.locator('.badge.csynth').count()).toBe(1);
      expect(await lutRow.locator('.badge.impl').count()).toBe(1);
      expect(await lutRow.textContent()).toMatch(/[+-]\d+\.\d %/);
      await shot('resources-with-reports.png');
      await go('latency');
      await page.waitForSelector('[data-testid=latency-total] .badge.emulated');
      await page.waitForSelector('[data-testid=latency-total] .badge.csynth');
      await shot('latency-with-reports.png');
    } finally {
      proj.cleanup();
    }
  });

  it('Explore: a big sweep can be cancelled', async () => {
    await go('explore');
    await page.fill('[data-testid=dse-budget]', '200000');
    await page.fill('[data-testid=dse-clocks]', '150,200,250,300');
    await page.click('[data-testid=dse-start]');
    await page.waitForSelector('[data-testid=dse-cancel]:not([disabled])');
    await page.click('[data-testid=dse-cancel]');
    await page.waitForSelector('[data-testid=dse-status]:has-text("cancelled")', { timeout: 20_000 });
    expect(consoleErrors).toEqual([]);
  });
});
