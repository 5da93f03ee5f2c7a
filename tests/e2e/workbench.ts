/**
 * The fixture every e2e file shares: `fpga-workbench serve` with a temporary home, headless Chromium, and
 * pages that collect console errors (each file ends by asserting there were none). Call useWorkbench()
 * inside a describe: it registers the beforeAll / afterAll that start and stop them.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot } from '../helpers/paths';
import { tmpDir } from '../helpers/tmp';
import { launchChromium } from './browser';
import { startServe, type ServeProcess } from './serve';

export const SHOTS = path.join(repoRoot, 'tests', 'e2e', 'screenshots');

export interface PageOptions {
  width: number;
  height: number;
  acceptDownloads?: boolean;
}

export interface WorkbenchOptions {
  /** Prefix of the temporary FPGA_WORKBENCH_HOME. */
  home: string;
  /** More environment for `serve`, beside the home. */
  env?: NodeJS.ProcessEnv;
  /** Runs before `serve` starts (files it must find when it starts). */
  setup?: () => void | Promise<void>;
  /** Open one page on the app and wait for its WebSocket before the tests (then `page`). */
  page?: PageOptions;
  /** Timeout of the start-up hook (default: the config's hookTimeout). */
  startTimeoutMs?: number;
}

export interface Workbench {
  readonly serve: ServeProcess;
  readonly browser: Browser;
  /** The page opened before the tests (WorkbenchOptions.page). */
  readonly page: Page;
  /** Console errors and uncaught exceptions of every page opened with openPage, with the page's URL. */
  readonly consoleErrors: string[];
  /** A new page that records its console errors, at `url`. */
  openPage(url: string, opts: PageOptions): Promise<Page>;
}

export function useWorkbench(opts: WorkbenchOptions): Workbench {
  const home = tmpDir(opts.home);
  const consoleErrors: string[] = [];
  let serve: ServeProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`e2e fixture: ${what} is not started (used outside the tests?)`);
    return v;
  };

  const wb: Workbench = {
    get serve() { return ready(serve, 'serve'); },
    get browser() { return ready(browser, 'the browser'); },
    get page() { return ready(page, 'the page'); },
    consoleErrors,
    async openPage(url, o) {
      const p = await ready(browser, 'the browser').newPage({ viewport: { width: o.width, height: o.height }, ...(o.acceptDownloads ? { acceptDownloads: true } : {}) });
      p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(`${m.text()} @ ${p.url()}`); });
      p.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
      await p.goto(url);
      return p;
    },
  };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    await opts.setup?.();
    serve = await startServe({ FPGA_WORKBENCH_HOME: home.dir, ...opts.env });
    browser = await launchChromium();
    if (opts.page) {
      page = await wb.openPage(serve.url, opts.page);
      await page.waitForSelector('[data-testid=connection-state]:has-text("open")');
    }
  }, opts.startTimeoutMs);
  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
    home.cleanup();
  });
  return wb;
}

/** Click a view in the nav and wait for its own heading (views load lazily). */
export async function showView(page: Page, view: string): Promise<void> {
  await page.click(`.nav-item[data-view=${view}]`);
  await page.locator('.topbar h1').filter({ hasText: new RegExp(`^${view}$`, 'i') }).waitFor();
}
