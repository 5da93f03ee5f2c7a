import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  addCalibrationSamples, fitFactors, fixtureSamples, getCalibration, readCalibrationFile, sampleErrors, samplesFromBuild, type CalibrationSample,
} from '../../../src-main/estimate/calibration';
import { planFromStructure } from '../../../src-main/plan/from-graph';
import { parseTiles } from '../../../src-main/plan/tiles';
import { M3VIT_T, sharedDir, vitStructure, zcu102 } from './fixtures';

const sample = (id: string, est: number, rep: number, family = 'zynq-ultrascale+', toolVersion = '2023.1'): CalibrationSample => ({
  id, design: id, source: 'csynth', family, toolVersion, estimate: { lut: est }, report: { lut: rep },
});

describe('calibration', () => {
  it('fits the geometric mean of report / estimate per metric', () => {
    // ratios 2 and 0.5: geometric mean sqrt(2 × 0.5) = 1
    expect(fitFactors([sample('a', 100, 200), sample('b', 100, 50)]).lut).toBeCloseTo(1, 12);
    expect(fitFactors([sample('a', 100, 150)]).lut).toBeCloseTo(1.5, 12);
    // clamped to [0.1, 10]; metrics without data stay 1
    const f = fitFactors([sample('a', 1, 1000)]);
    expect(f.lut).toBe(10);
    expect(f.dsp).toBe(1);
    expect(sampleErrors(sample('a', 120, 100)).lut).toBeCloseTo(0.2, 12);
  });

  it('stores entries per board family and tool version, replacing samples by id', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-cal-'));
    const file = path.join(dir, 'calibration.json');
    expect(getCalibration('zynq-ultrascale+', undefined, file)).toBeNull();
    await addCalibrationSamples([sample('run1/csynth', 100, 130), sample('z7/csynth', 100, 80, 'zynq-7000', '2020.1')], file);
    await addCalibrationSamples([sample('run1/csynth', 100, 120)], file); // same id: replaced
    const doc = readCalibrationFile(file);
    expect(Object.keys(doc.entries).sort()).toEqual(['zynq-7000|2020.1', 'zynq-ultrascale+|2023.1']);
    expect(doc.entries['zynq-ultrascale+|2023.1'].samples).toHaveLength(1);
    const c = getCalibration('zynq-ultrascale+', undefined, file)!;
    expect(c.factors.lut).toBeCloseTo(1.2, 12);
    expect(c.key).toBe('zynq-ultrascale+|2023.1');
    expect(getCalibration('zynq-ultrascale+', '2019.2', file)).toBeNull();
    writeFileSync(file, '{"nope":1}');
    expect(() => readCalibrationFile(file)).toThrow(/not a calibration file/);
    expect(readFileSync(file, 'utf8')).toContain('nope');
  });

  it('reads the fixtures whose design is known and skips the others with a reason', () => {
    const r = fixtureSamples(path.join(sharedDir, 'fixtures', 'reports'));
    const hls4ml = r.find((x) => x.dir.startsWith('vivado-hls-2020.1-hls4ml') && x.sample)!;
    expect(hls4ml.sample!.report.dsp).toBe(73); // from the csynth.xml
    expect(hls4ml.sample!.estimate.dsp).toBe(80); // 16 × 5 products, one DSP48E1 each
    expect(hls4ml.sample!.toolVersion).toBe('2020.1');
    const loop = r.find((x) => x.dir.startsWith('scout-hls'))!;
    expect(loop.sample!.report.cycles).toBe(130);
    expect(r.filter((x) => x.skipped).every((x) => x.skipped!.length > 10)).toBe(true);
    expect(r.some((x) => x.dir.includes('dphls') && x.skipped)).toBe(true);
  });

  it('turns a user build into samples keyed by run', () => {
    const board = zcu102();
    const plan = planFromStructure(vitStructure(M3VIT_T), { board, tiles: parseTiles('in=16,out=16') });
    const csynth = { kind: 'csynth-xml', version: '2023.1', latency: { worst: 1000 }, resources: { lut: 50_000, ff: 60_000, dsp: 500, bram18k: 600 } } as never;
    const s = samplesFromBuild(plan, board, { csynth, runId: 'r42' });
    expect(s).toHaveLength(1);
    expect(s[0]).toMatchObject({ id: 'r42/csynth', family: 'zynq-ultrascale+', toolVersion: '2023.1', report: { lut: 50_000, cycles: 1000 } });
    expect(s[0].estimate.dsp).toBeGreaterThan(0);
  });
});

describe('estimate vs reports', () => {
  it('puts csynth and impl figures beside the estimate with relative errors', async () => {
    const { compareWithReports } = await import('../../../src-main/estimate/compare');
    const { estimate } = await import('../../../src-main/estimate/estimate');
    const board = zcu102();
    const e = estimate(planFromStructure(vitStructure(M3VIT_T), { board, tiles: parseTiles('in=16,out=16') }), board);
    const csynth = { kind: 'csynth-xml', file: 'csynth.xml', latency: { worst: e.totals.cycles.value / 2 }, resources: { lut: e.totals.lut.value * 2, dsp: e.totals.dsp.value } } as never;
    const impl = { kind: 'utilization-report', file: 'util.rpt', lut: { used: 1000 }, ff: { used: 2000 }, dsp: { used: 10 }, bramTiles: { used: 50 } } as never;
    const rows = compareWithReports(e, { csynth, impl, runId: 'r1' });
    const lut = rows.find((r) => r.metric === 'lut')!;
    expect(lut.errorVsCsynth).toBeCloseTo(-0.5, 9); // estimate is half the report
    expect(lut.csynth!.source).toBe('csynth');
    expect(lut.impl).toMatchObject({ value: 1000, source: 'impl', runId: 'r1' });
    expect(rows.find((r) => r.metric === 'dsp')!.errorVsCsynth).toBe(0);
    expect(rows.find((r) => r.metric === 'bram18k')!.impl!.value).toBe(100); // 50 RAMB36 tiles
    expect(rows.find((r) => r.metric === 'cycles')!.errorVsCsynth).toBeCloseTo(1, 9);
  });
});
