import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../../src-main/api/contract';
import { tmpDir } from './tmp';

export interface TransportFixture {
  client: ApiClient;
  teardown(): Promise<void>;
}

/** The same behavioural contract, run once per transport (IPC and WebSocket). */
export function defineContractSuite(name: string, setup: () => Promise<TransportFixture>): void {
  describe(`API contract over ${name}`, () => {
    let fx: TransportFixture;
    const home = tmpDir('fwb-home-');
    const work = tmpDir('fwb-proj-');
    beforeAll(async () => {
      process.env.FPGA_WORKBENCH_HOME = home.dir;
      fx = await setup();
    });
    afterAll(async () => {
      await fx?.teardown();
      home.cleanup();
      work.cleanup();
    });

    const errorOf = async (p: Promise<unknown>) => {
      try {
        await p;
      } catch (err) {
        return (err as { error?: { code: string; message: string; context?: Record<string, unknown> } }).error;
      }
      throw new Error('expected the call to fail');
    };

    it('answers app.info with the package identity', async () => {
      const info = await fx.client.call('app.info', {});
      expect(info.name).toBe('fpga-workbench');
      expect(info.node).toBe(process.versions.node);
    });

    it('echoes a ping payload', async () => {
      const r = await fx.client.call('app.ping', { payload: 'héllo ☃' });
      expect(r.payload).toBe('héllo ☃');
    });

    it('answers an unknown method with an E_API error, not a crash', async () => {
      const e = await errorOf(fx.client.call('no.such.method' as 'app.info', {}));
      expect(e?.code).toBe('E_API');
      expect(e?.message).toMatch(/unknown method 'no\.such\.method'/);
      expect((await fx.client.call('app.ping', {})).time).toBeGreaterThan(0);
    });

    it('rejects bad params with an error that names the field', async () => {
      const e = await errorOf(fx.client.call('project.open', { path: 42 as unknown as string }));
      expect(e?.code).toBe('E_API');
      expect(e?.message).toMatch(/'path'/);
    });

    it('creates, reopens and lists a project; a bad workbench.json names file and field', async () => {
      const dir = path.join(work.dir, 'proj one');
      const created = await fx.client.call('project.create', { path: dir, name: 'Proj One' });
      expect(created.name).toBe('Proj One');
      const opened = await fx.client.call('project.open', { path: dir });
      expect(opened.file).toBe(path.join(dir, 'workbench.json'));
      expect(await fx.client.call('project.recent', {})).toContain(dir);
      const updated = await fx.client.call('project.update', { settings: { board: 'zcu102', clockMHz: 300 } });
      expect(updated.settings).toMatchObject({ board: 'zcu102', clockMHz: 300 });
      const bad = await errorOf(fx.client.call('project.update', { settings: { clockMHz: -5 } }));
      expect(bad?.code).toBe('E_SCHEMA');
      expect(bad?.context).toMatchObject({ file: path.join(dir, 'workbench.json'), field: 'settings.clockMHz' });
      const missing = await errorOf(fx.client.call('project.open', { path: path.join(work.dir, 'nope') }));
      expect(missing?.code).toBe('E_FILE');
      expect(missing?.message).toContain(path.join(work.dir, 'nope'));
    });

    it('delivers events in order (bench.stream)', async () => {
      const seen: number[] = [];
      const off = fx.client.on('bench.chunk', (c) => seen.push(c.seq));
      const r = await fx.client.call('bench.stream', { count: 50, chunkBytes: 100 });
      await new Promise((res) => setTimeout(res, 50));
      off();
      expect(r.bytes).toBe(5000);
      expect(seen).toEqual(Array.from({ length: 50 }, (_, i) => i));
    });

    it('reports job lifecycle events and cancels a job', async () => {
      const jobs = await fx.client.call('jobs.list', {});
      expect(Array.isArray(jobs)).toBe(true);
      const r = await fx.client.call('jobs.cancel', { jobId: 'not-a-job' });
      expect(r.cancelled).toBe(false);
    });
  });
}
