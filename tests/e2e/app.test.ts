import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { tmpDir } from '../helpers/tmp';
import { SHOTS as shots, showView, useWorkbench } from './workbench';

const VIEWS = ['project', 'model', 'kernels', 'builds', 'resources', 'latency', 'power', 'explore', 'board', 'settings'];

describe('the workbench in Chromium against `serve`', () => {
  const wb = useWorkbench({ home: 'fwb-e2e-home-' });
  const { consoleErrors } = wb;
  const openPage = (url: string): Promise<Page> => wb.openPage(url, { width: 1400, height: 880 });

  it('refuses the page without the token', async () => {
    const page = await wb.browser.newPage();
    const res = await page.goto(wb.serve.origin + '/');
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/Unauthorized/);
    await page.close();
  });

  it('loads with the token, connects over WebSocket and visits every view without console errors', async () => {
    const page = await openPage(wb.serve.url);
    await page.waitForSelector('[data-testid=connection-state]:has-text("open")');
    expect(await page.textContent('[data-testid=connection-state]')).toContain('WebSocket');
    for (const v of VIEWS) {
      await showView(page, v);
      await page.waitForSelector('.content .view');
      await page.screenshot({ path: path.join(shots, `view-${v}.png`) });
    }
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('creates and opens a project in serve mode (path validated server-side)', async () => {
    const page = await openPage(wb.serve.url);
    const t = tmpDir('fwb-e2e-proj-');
    await page.fill('[data-testid=project-path]', path.join(t.dir, 'nope'));
    await page.click('[data-testid=project-open]');
    await page.waitForSelector('[data-testid=project-error]');
    expect(await page.textContent('[data-testid=project-error]')).toContain(path.join(t.dir, 'nope'));
    await page.fill('[data-testid=project-path]', path.join(t.dir, 'demo'));
    await page.click('[data-testid=project-create]');
    await page.waitForSelector('[data-testid=project-current]');
    expect(await page.textContent('[data-testid=project-name]')).toBe('demo');
    await page.click('[data-testid=theme-toggle]');
    await page.click('[data-testid=log-toggle]');
    await page.waitForSelector('.logline');
    await page.screenshot({ path: path.join(shots, 'project-created-dark.png') });
    expect(consoleErrors).toEqual([]);
    await page.close();
    t.cleanup();
  });

  it('imports a preset in the Model view: layer table, expandable graph, MACs chart', async () => {
    const page = await openPage(wb.serve.url);
    await page.click('.nav-item[data-view=model]');
    await page.fill('[data-testid=model-source]', 'm3vit-t');
    await page.click('[data-testid=model-load]');
    await page.waitForSelector('[data-testid=layer-table] tbody tr');
    const rows = await page.locator('[data-testid=layer-table] tbody tr').count();
    expect(rows).toBeGreaterThan(12 * 4);
    await page.click('[data-testid=model-graph] .block.enc >> nth=1 >> .block-head');
    await page.waitForSelector('[data-testid=model-graph] .node');
    expect(await page.locator('[data-testid=model-chart] canvas').count()).toBe(1);
    await page.screenshot({ path: path.join(shots, 'model-m3vit-t.png'), fullPage: true });
    await page.fill('[data-testid=model-source]', '/nonexistent/model.onnx');
    await page.click('[data-testid=model-load]');
    await page.waitForSelector('[data-testid=model-error]');
    expect(await page.textContent('[data-testid=model-error]')).toContain('/nonexistent/model.onnx');
    expect(consoleErrors).toEqual([]);
    await page.close();
  });
});
