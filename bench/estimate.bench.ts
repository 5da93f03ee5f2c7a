/**
 * Estimation speed and accuracy (issue 8): full-model estimate time of M³ViT-T on ZCU102 (target < 10 ms),
 * DSE throughput per core in one thread (target ≥ 5,000 plans/s), and estimate-vs-report error per
 * resource on every report fixture whose design configuration is known (the others are listed as skipped).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importModel } from '../src-main/graph/import-model';
import { loadBoard } from '../src-main/boards/registry';
import { planFromStructure } from '../src-main/plan/from-graph';
import { parseTiles } from '../src-main/plan/tiles';
import { estimate } from '../src-main/estimate/estimate';
import { explore } from '../src-main/dse/explore';
import { fitFactors, fixtureSamples, sampleErrors } from '../src-main/estimate/calibration';

const ESTIMATE_TARGET_MS = 10;
const DSE_TARGET = 5000;

export default async function (): Promise<void> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const board = loadBoard('zcu102');
  const { structure } = await importModel({ preset: 'm3vit-t' });
  const plan = planFromStructure(structure, { board, clockMHz: 300, tiles: parseTiles('in=64,out=16,heads=1,keys=4') });

  for (let i = 0; i < 50; i++) estimate(plan, board); // warm-up (JIT)
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) estimate(plan, board);
  const ms = (performance.now() - t0) / n;
  console.log(`  full-model estimate (M³ViT-T, ${plan.kernels.length} kernels, ZCU102): ${ms.toFixed(3)} ms = ${(ms / ESTIMATE_TARGET_MS).toFixed(3)}x of the ${ESTIMATE_TARGET_MS} ms target (lower is better)`);

  // Steady state on one core: a warm-up sweep (JIT), then the best of three (the machine may be shared).
  const space = { precisions: ['default', 'w16a32', 'int8'] };
  await explore({ structure, board, budget: 5000, space, workers: 0 });
  let best = { plansPerSecond: 0, evaluated: 0, front: [] as unknown[] };
  for (let i = 0; i < 3; i++) {
    const r = await explore({ structure, board, budget: 5000, space, workers: 0 });
    if (r.plansPerSecond > best.plansPerSecond) best = r;
  }
  console.log(`  DSE throughput (one core, ${best.evaluated} plans per sweep, front ${best.front.length}): ${Math.round(best.plansPerSecond)} plans/s = ${(best.plansPerSecond / DSE_TARGET).toFixed(2)}x of the ${DSE_TARGET} plans/s target`);

  const fx = fixtureSamples(path.resolve(repo, '..', 'shared', 'fixtures', 'reports'));
  const samples = fx.filter((f) => f.sample).map((f) => f.sample!);
  const factors = fitFactors(samples);
  for (const f of fx) {
    if (!f.sample) {
      console.log(`  fixture ${f.dir}: skipped — ${f.skipped}`);
      continue;
    }
    const err = sampleErrors(f.sample);
    const parts = Object.entries(err).map(([k, v]) => `${k} ${v! >= 0 ? '+' : ''}${(v! * 100).toFixed(1)} % (est ${round(f.sample!.estimate[k as keyof typeof err]!)} vs ${f.sample!.source} ${round(f.sample!.report[k as keyof typeof err]!)})`);
    console.log(`  estimate vs report, ${f.dir} [${f.design}]: ${parts.join(', ')}`);
  }
  console.log(`  calibration factors fitted from these ${samples.length} fixtures (not applied by default): ${Object.entries(factors).map(([k, v]) => `${k} ×${v.toFixed(3)}`).join(', ')}`);
}

const round = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toLocaleString('en-US') : String(Math.round(v * 1000) / 1000));
