import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { tmpDir } from '../helpers/tmp';
import { launchChromium } from './browser';
import { startServe, type ServeProcess } from './serve';

const shots = path.join(repoRoot, 'tests', 'e2e', 'screenshots');
const VIEWS = ['project', 'model', 'kernels', 'builds', 'resources', 'latency', 'power', 'explore', 'board', 'settings'];

describe('the workbench in Chromium against `serve`', () => {
  let serve: ServeProcess;
  let browser: Browser;
  const home = tmpDir('fwb-e2e-home-');
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    serve = await startServe({ FPGA_WORKBENCH_HOME: home.dir });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    home.cleanup();
  });

  async function openPage(url: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${page.url()}`); });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    await page.goto(url);
    return page;
  }

  it('refuses the page without the token', async () => {
    const page = await browser.newPage();
    const res = await page.goto(serve.origin + '/');
    expect(res?.status()).toBe(401);
    expect(await page.textContent('body')).toMatch(/Unauthorized/);
    await page.close();
  });

  it('loads with the token, connects over WebSocket and visits every view without console errors', async () => {
    const page = await openPage(serve.url);
    await page.waitForSelector('[data-testid=connection-state]:has-text("open")');
    expect(await page.textContent('[data-testid=connection-state]')).toContain('WebSocket');
    for (const v of VIEWS) {
      await page.click(`.nav-item[data-view=${v}]`);
      // Views load lazily: wait for this view's own heading, not just any view.
      await page.locator('.topbar h1').filter({ hasText: new RegExp(`^${v}$`, 'i') }).waitFor();
      await page.waitForSelector('.content .view');
      await page.screenshot({ path: path.join(shots, `view-${v}.png`) });
    }
    expect(consoleErrors).toEqual([]);
    await page.close();
  });

  it('creates and opens a project in serve mode (path validated server-side)', async () => {
    const page = await openPage(serve.url);
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
    const page = await openPage(serve.url);
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
