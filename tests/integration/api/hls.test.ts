// Kernels view API in process: generate a tiny ViT (test ONNX writer, random weights) and C-simulate it
// against the float reference; open and C-simulate an engineer's own Vitis HLS project from the corpus;
// compile errors as file:line; cancel a running csim; the softmax/GELU approximation error curves.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HlsCsimResult, HlsGenerateResult, JobDone } from '../../../src-main/api/contract';
import { buildVit } from '../../onnx-writer/vit';
import { tmpDir } from '../../helpers/tmp';
import { useInProcessApi } from '../../helpers/in-process-api';
import { repoRoot } from '../../helpers/paths';

const t = tmpDir('fwb-api-hls-');
// Registered first: with vitest's stacked hooks it runs after the app is disposed.
afterAll(() => t.cleanup());
const { call, failure, of } = useInProcessApi('fwb-api-hls-home-');
const designs = path.join(repoRoot, 'tests', 'hls-designs');

async function done(jobId: string, timeoutMs = 90_000): Promise<JobDone> {
  const t0 = Date.now();
  for (;;) {
    const d = of('job.done').find((x) => x.jobId === jobId);
    if (d) return d;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${jobId} did not end`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const outputOf = (jobId: string) => of('hls.csim.output').filter((o) => o.jobId === jobId).flatMap((o) => o.lines.map((l) => l.line));

beforeAll(async () => {
  await call('project.create', { path: path.join(t.dir, 'proj'), name: 'kernels' });
});

describe('hls.generate + hls.csim on a generated project', () => {
  it('refuses a model without weights, naming the reason', async () => {
    await call('model.import', { source: 'vit:img=32,patch=8,dim=32,depth=1,heads=2,mlp=2,classes=10' });
    const err = await failure(call('hls.generate', {}));
    expect(err.code).toBe('E_MODEL');
    expect(err.message).toMatch(/no weights/);
    const bad = await failure(call('hls.generate', { precision: 'act=banana' }));
    expect(bad.code).toBe('E_INPUT');
  });

  let gen: HlsGenerateResult;
  it('generates into <project>/hls-project with progress, and reports what it wrote', async () => {
    const file = buildVit({ img: 16, patch: 8, dim: 16, depth: 1, heads: 2, mlp: 2, classes: 4 }).writer.write(t.dir, 'tiny vit.onnx');
    await call('model.import', { source: file });
    const before = await call('hls.defaults', {});
    expect(before.path).toBe(path.join(t.dir, 'proj', 'hls-project'));
    expect(before.model?.weightsPresent).toBe(true);
    // Generating replaces the folder: never one holding someone's own files (here, the workbench project).
    const foreign = await failure(call('hls.generate', { outDir: path.join(t.dir, 'proj') }));
    expect(foreign.code).toBe('E_INPUT');
    expect(foreign.message).toMatch(/did not generate/);
    expect(existsSync(path.join(t.dir, 'proj', 'workbench.json'))).toBe(true);
    const job = await call('hls.generate', { board: 'zcu102', tiles: 'in=8,out=8,heads=1,keys=2' });
    expect(job.state).toBe('running');
    const d = await done(job.id);
    expect(d.state, JSON.stringify(d.error)).toBe('done');
    gen = d.result as HlsGenerateResult;
    expect(gen.dir).toBe(path.join(t.dir, 'proj', 'hls-project'));
    expect(gen.tiles).toBe('in=8,out=8,heads=1,keys=2');
    expect(gen.tilesChosen).toBe('given');
    expect(gen.golden).toBe(true);
    expect(gen.project.generated).toBe(true);
    expect(gen.project.top).toBe('fwb_top');
    expect(readFileSync(path.join(gen.dir, 'run_hls.tcl'), 'utf8')).toContain('set_part xczu9eg');
    const pct = of('job.progress').filter((p) => p.jobId === job.id).map((p) => p.percent ?? 0);
    expect(pct.length).toBeGreaterThan(3);
    expect(pct).toEqual([...pct].sort((a, b) => a - b)); // never goes backwards
    expect((await call('hls.defaults', {})).lastGenerated).toBe(gen.dir);
    // The file tree of the Kernels view comes from files.list / files.read on the project dir.
    const files = await call('files.list', { root: gen.dir });
    expect(files.map((f) => f.path)).toEqual(expect.arrayContaining(['run_hls.tcl', 'src/top.cpp', 'tb/tb.cpp']));
  }, 120_000);

  it('C-simulates it: pass, per-tensor cosine ≥ 0.999 labelled csim, live output and phases', async () => {
    const job = await call('hls.csim', {}); // default: the last generated project
    const d = await done(job.id);
    expect(d.state, JSON.stringify(d.error)).toBe('done');
    const r = d.result as HlsCsimResult;
    expect(r.pass, r.output).toBe(true);
    expect(r.comparisons?.length).toBe(1);
    const c = r.comparisons![0];
    expect(c.cosine.value).toBeGreaterThanOrEqual(0.999);
    expect(c.cosine.source).toBe('csim');
    expect(c.pass).toBe(true);
    expect(r.buildMs.source).toBe('csim');
    expect(r.stackNote).toMatch(/stack/);
    const stages = of('job.progress').filter((p) => p.jobId === job.id).map((p) => p.stage);
    expect(stages).toEqual(expect.arrayContaining(['build', 'run the testbench', 'compare with the reference']));
    expect(outputOf(job.id).some((l) => /CSIM PASS/.test(l))).toBe(true);
  }, 120_000);
});

describe('hls.generate while the reference runs', () => {
  it('keeps answering other calls, and cancels: no project written', async () => {
    const file = buildVit({ img: 224, patch: 16, dim: 96, depth: 4, heads: 2, mlp: 4, classes: 10 }).writer.write(t.dir, 'mid.onnx');
    await call('model.import', { source: file });
    const out = path.join(t.dir, 'cancelled-gen');
    const job = await call('hls.generate', { outDir: out, tiles: 'in=8,out=8,heads=1,keys=2' });
    const t0 = Date.now();
    while (!of('job.progress').some((p) => p.jobId === job.id && /float reference: node/.test(p.stage)) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 5));
    // The reference run is in a worker: the server answers at once meanwhile.
    const ping0 = performance.now();
    await call('app.ping', {});
    expect(performance.now() - ping0).toBeLessThan(100);
    expect((await call('jobs.cancel', { jobId: job.id })).cancelled).toBe(true);
    const d = await done(job.id);
    expect(d.state).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});

describe('an existing Vitis HLS project', () => {
  it('opens gemm-vector: top, part, files, argv, ignored commands; refuses a folder that is not one', async () => {
    const p = await call('hls.open', { path: path.join(designs, 'gemm-vector') });
    expect(p.kind).toBe('tcl');
    expect(p.generated).toBe(false);
    expect(p.top).toBe('gemm_top');
    expect(p.part).toBe('xczu9eg-ffvb1156-2-e');
    expect(p.designFiles).toEqual(['gemm.cpp']);
    expect(p.tbFiles).toEqual(['gemm_tb.cpp']);
    expect(p.argv).toEqual(['--seed', '7']);
    expect(p.sourceRelative).toBe('run_hls.tcl');
    const cfg = await call('hls.open', { path: path.join(designs, 'layernorm') });
    expect(cfg.kind).toBe('cfg');
    expect(cfg.top).toBe('layernorm_top');
    const err = await failure(call('hls.open', { path: t.dir }));
    expect(err.code).toBe('E_FILE');
    expect(err.message).toMatch(/no Vitis HLS project/);
  });

  it('C-simulates it: pass, the testbench output streamed', async () => {
    const job = await call('hls.csim', { path: path.join(designs, 'gemm-vector') });
    const d = await done(job.id);
    const r = d.result as HlsCsimResult;
    expect(r.pass, r.output).toBe(true);
    expect(r.comparisons).toBeUndefined();
    const out = outputOf(job.id);
    expect(out.some((l) => l.includes('gemm_tb: seed 7'))).toBe(true);
    expect(out).toContain('PASS');
    expect(of('hls.csim.output').filter((o) => o.jobId === job.id).length).toBeLessThan(out.length); // batched
  }, 120_000);

  it('reports a compile error at its file:line, relative to the project', async () => {
    const dir = path.join(t.dir, 'broken');
    cpSync(path.join(designs, 'gemm-vector'), dir, { recursive: true });
    const src = readFileSync(path.join(dir, 'gemm.cpp'), 'utf8').split('\n');
    const at = src.findIndex((l) => l.includes('acc += wv'));
    src[at] = '    acc += undeclared_thing;';
    writeFileSync(path.join(dir, 'gemm.cpp'), src.join('\n'));
    const job = await call('hls.csim', { path: dir });
    const r = (await done(job.id)).result as HlsCsimResult;
    expect(r.pass).toBe(false);
    expect(r.stage).toBe('build');
    const e = r.errors.find((x) => x.message.includes('undeclared_thing'));
    expect(e?.relative).toBe('gemm.cpp');
    expect(e?.line).toBe(at + 1);
    expect(of('hls.csim.diagnostic').some((x) => x.jobId === job.id && x.diagnostics.some((y) => y.line === at + 1))).toBe(true);
  }, 60_000);

  it('cancels a running csim', async () => {
    const dir = path.join(t.dir, 'pipeline copy');
    cpSync(path.join(designs, 'dataflow-pipeline'), dir, { recursive: true });
    const job = await call('hls.csim', { path: dir, debug: true });
    const t0 = Date.now();
    while (!of('job.progress').some((p) => p.jobId === job.id && /compile|build/.test(p.stage)) && Date.now() - t0 < 20_000) await new Promise((r) => setTimeout(r, 20));
    expect((await call('jobs.cancel', { jobId: job.id })).cancelled).toBe(true);
    const d = await done(job.id);
    expect(d.state).toBe('cancelled');
    expect(Date.now() - t0).toBeLessThan(15_000);
  }, 60_000);
});

describe('hls.approx', () => {
  it('gives softmax-exp and GELU error curves in LSBs of the output type at the chosen precision', async () => {
    const r = await call('hls.approx', { precision: 'softmax=16.2,act=16.6' });
    expect(r.curves.map((c) => c.name).sort()).toEqual(['gelu', 'softmax-exp']);
    const exp = r.curves.find((c) => c.name === 'softmax-exp')!;
    const gelu = r.curves.find((c) => c.name === 'gelu')!;
    expect(exp.outputType).toMatch(/^ap_fixed<16, ?2>$/);
    expect(exp.lsb).toBe(2 ** -14);
    expect(gelu.lsb).toBe(2 ** -10);
    for (const c of [exp, gelu]) {
      expect(c.x.length).toBeGreaterThan(100);
      expect(c.maxErrorLsb.source).toBe('csim');
      // error in LSBs is |approx − exact| / LSB, at every charted point
      c.x.forEach((_, i) => expect(c.errorLsb[i]).toBeCloseTo(Math.abs(c.approx[i] - c.exact[i]) / c.lsb, 6));
      expect(c.maxErrorLsb.value).toBeGreaterThanOrEqual(Math.max(...c.errorLsb) - 1e-9);
    }
    // the reference is the real function: exp(x) for the softmax exponent
    const k = exp.x.findIndex((x) => x < -1);
    expect(exp.exact[k]).toBeCloseTo(Math.exp(exp.x[k]), 9);
    const wider = await call('hls.approx', { precision: 'softmax=24.2' });
    expect(wider.curves.find((c) => c.name === 'softmax-exp')!.lsb).toBe(2 ** -22);
  }, 120_000);
});
