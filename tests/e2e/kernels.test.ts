// Kernels view in Chromium against `serve`: approximation charts, an engineer's own Vitis HLS project
// (tests/hls-designs) opened, highlighted and C-simulated with live output, a compile error opened at its
// line, and a tiny ViT generated from the Model view's import and C-simulated against the float reference.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { tmpDir } from '../helpers/tmp';
import { buildVit } from '../onnx-writer/vit';
import { SHOTS as shots, showView, useWorkbench } from './workbench';

const designs = path.join(repoRoot, 'tests', 'hls-designs');

describe('Kernels view', () => {
  // Registered first: with vitest's stacked hooks it runs after the fixture has stopped serve.
  const t = tmpDir('fwb-e2e-kernels-');
  afterAll(() => t.cleanup());
  const wb = useWorkbench({ home: 'fwb-e2e-kernels-home-', page: { width: 1400, height: 900 }, startTimeoutMs: 120_000 });
  const { consoleErrors } = wb;
  let page: Page;
  beforeAll(() => { page = wb.page; });

  /** The view scrolls inside the shell, not the document: a tall viewport shows it whole. */
  async function shot(name: string): Promise<void> {
    await page.setViewportSize({ width: 1400, height: 2900 });
    await page.screenshot({ path: path.join(shots, name) });
    await page.setViewportSize({ width: 1400, height: 900 });
  }

  const go = (view: string): Promise<void> => showView(page, view);

  it('starts empty, with the softmax and GELU approximation error charts drawn', async () => {
    await go('kernels');
    await page.waitForSelector('[data-testid=empty-state]');
    expect(await page.textContent('[data-testid=empty-state]')).toMatch(/Generate/);
    await page.waitForSelector('[data-testid=kernels-approx-softmax-exp-chart] canvas', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=kernels-approx-gelu-chart] canvas');
    expect(await page.locator('[data-testid=kernels-approx] .badge.csim').count()).toBe(4);
    expect(await page.textContent('[data-testid=kernels-approx-gelu]')).toMatch(/ap_fixed<16, ?6>/);
    await shot('kernels-empty.png');
  });

  it('opens an existing Vitis HLS project: files highlighted, csim with live output and PASS', async () => {
    await page.fill('[data-testid=kernels-path]', path.join(designs, 'nope'));
    await page.click('[data-testid=kernels-open]');
    await page.waitForSelector('[data-testid=kernels-open-error]');
    expect(await page.textContent('[data-testid=kernels-open-error]')).toContain(path.join(designs, 'nope'));

    await page.fill('[data-testid=kernels-path]', path.join(designs, 'online-softmax'));
    await page.click('[data-testid=kernels-open]');
    await page.waitForSelector('[data-testid=kernels-project]');
    expect(await page.textContent('[data-testid=kernels-project]')).toContain('softmax_top');
    await page.waitForSelector('[data-testid=code-view] .hljs-keyword');
    expect(await page.locator('[data-testid=kernels-files] a[data-path="softmax_tb.cpp"]').count()).toBe(1);
    await page.click('[data-testid=kernels-files] a[data-path="run_hls.tcl"]');
    await page.waitForSelector('.kernels-file .file-head:has-text("run_hls.tcl")');
    expect(await page.textContent('[data-testid=code-view]')).toContain('open_project');

    await page.click('[data-testid=kernels-csim-run]');
    await page.waitForSelector('[data-testid=kernels-csim-verdict]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid=kernels-csim-verdict]')).toBe('PASS');
    const out = await page.textContent('[data-testid=kernels-csim-output]');
    expect(out).toContain('softmax_tb:');
    expect(out).toMatch(/CSIM PASS/);
    expect(await page.locator('[data-testid=kernels-csim-figures] .badge.csim').count()).toBe(2); // build and run times
    await shot('kernels-open-csim.png');
  });

  it('lists a compile error as file:line and opens the file at that line', async () => {
    const dir = path.join(t.dir, 'broken gemm');
    cpSync(path.join(designs, 'gemm-vector'), dir, { recursive: true });
    const src = readFileSync(path.join(dir, 'gemm.cpp'), 'utf8').split('\n');
    const at = src.findIndex((l) => l.includes('acc += wv'));
    src[at] = '    acc += undeclared_thing;';
    writeFileSync(path.join(dir, 'gemm.cpp'), src.join('\n'));
    await page.fill('[data-testid=kernels-path]', dir);
    await page.click('[data-testid=kernels-open]');
    await page.waitForSelector('[data-testid=kernels-project]:has-text("gemm_top")');
    await page.click('[data-testid=kernels-csim-run]');
    await page.waitForSelector('[data-testid=kernels-csim-verdict]:has-text("FAIL")', { timeout: 60_000 });
    const link = page.locator('[data-testid=kernels-csim-errors] a', { hasText: `gemm.cpp:${at + 1}` }).first();
    await link.click();
    await page.waitForSelector(`[data-testid=kernels-file-line]:has-text("line ${at + 1}")`);
    expect(await page.textContent('.kernels-file .file-head')).toContain('gemm.cpp');
    await shot('kernels-compile-error.png');
  });

  it('generates a tiny ViT from the imported model and C-simulates it against the float reference', async () => {
    const file = buildVit({ img: 16, patch: 8, dim: 16, depth: 1, heads: 2, mlp: 2, classes: 4 }).writer.write(t.dir, 'tiny.onnx');
    await go('model');
    await page.fill('[data-testid=model-source]', file);
    await page.click('[data-testid=model-load]');
    await page.waitForSelector('[data-testid=layer-table] tbody tr');
    await go('kernels');
    await page.waitForSelector('[data-testid=kernels-model]:has-text("tiny.onnx")');
    const out = path.join(t.dir, 'generated');
    await page.fill('[data-testid=kernels-path]', out);
    await page.click('[data-testid=kernels-generate]');
    await page.waitForSelector('[data-testid=kernels-gen-done]', { timeout: 60_000 });
    await page.waitForSelector('[data-testid=kernels-files] a[data-path="src/top.cpp"]');
    await page.waitForSelector('.kernels-file .file-head:has-text("src/top.cpp")');
    await page.click('[data-testid=kernels-csim-run]');
    await page.waitForSelector('[data-testid=kernels-csim-verdict]', { timeout: 90_000 });
    expect(await page.textContent('[data-testid=kernels-csim-verdict]')).toBe('PASS');
    const row = page.locator('[data-testid=kernels-csim-tensors] tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.locator('.badge.csim').count()).toBe(3);
    const cosine = Number((await row.locator('td').nth(3).textContent())!.replace(/[^\d.]/g, ''));
    expect(cosine).toBeGreaterThanOrEqual(0.999);
    await shot('kernels-generated.png');
    await page.click('[data-testid=theme-toggle]');
    await shot('kernels-generated-dark.png');
    await page.click('[data-testid=theme-toggle]');
    // A reload comes back to the generated project.
    await page.reload();
    await page.waitForSelector('[data-testid=connection-state]:has-text("open")');
    await go('kernels');
    await page.waitForSelector('[data-testid=kernels-project]:has-text("fwb_top")');
    expect(await page.inputValue('[data-testid=kernels-path]')).toBe(out);
    expect(consoleErrors).toEqual([]);
  }, 150_000);
});
