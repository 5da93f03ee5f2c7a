import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../helpers/paths';
import { hlsProgress, vivadoProgress, type Progress } from '../../../src-main/toolchain/progress';

const FX = path.join(sharedDir, 'fixtures', 'reports');
const feedAll = (t: ReturnType<typeof hlsProgress>, rel: string) => {
  const seen: Progress[] = [];
  for (const l of readFileSync(path.join(FX, rel), 'latin1').split('\n')) { const p = t.feed(l); if (p) seen.push(p); }
  return seen;
};

describe('progress from tool logs', () => {
  it('HLS csim → csynth → cosim: stages in order, percent never goes back, ends at the cosim verdict', () => {
    const seen = feedAll(hlsProgress(['csim_design', 'csynth_design', 'cosim_design']), 'vitis-hls-2021.1-xilinx-axilite-csim-csynth-cosim/vitis_hls.log');
    const stages = seen.map((p) => p.stage);
    const i = (s: string) => stages.indexOf(s);
    expect(i('csim: running')).toBeGreaterThanOrEqual(0);
    expect(i('csim: running')).toBeLessThan(i('csynth: Architecture Synthesis'));
    expect(i('csynth: Architecture Synthesis')).toBeLessThan(i('cosim: Starting XSIM'));
    for (let k = 1; k < seen.length; k++) expect(seen[k].percent).toBeGreaterThanOrEqual(seen[k - 1].percent);
    expect(seen.at(-1)!.percent).toBe(100);
  });
  it('csynth alone spans 0..100', () => {
    const seen = feedAll(hlsProgress(['csynth_design']), 'vitis-hls-2022.1-dphls-seq-align-xcvu5p/vitis_hls.log');
    expect(seen[0]).toEqual({ stage: 'csynth', percent: 0 });
    expect(seen.some((p) => p.stage === 'csynth: Checking Synthesizability' && p.percent > 0 && p.percent < 100)).toBe(true);
    expect(seen.at(-1)).toEqual({ stage: 'csynth done', percent: 100 });
  });
  it('Vivado opt/place/route/bitstream from Command: and Phase lines', () => {
    const seen = feedAll(vivadoProgress(), 'vivado-2021.1-ebaz4205-zynq7010-impl/design_1_wrapper.vdi');
    const stages = seen.map((p) => p.stage);
    expect(stages).toContain('impl: opt_design');
    expect(stages).toContain('impl: place_design: Global Placement');
    expect(stages.indexOf('impl: place_design')).toBeLessThan(stages.indexOf('impl: route_design'));
    expect(seen.at(-1)!.stage).toBe('impl: write_bitstream done');
    expect(seen.at(-1)!.percent).toBe(100);
    for (let k = 1; k < seen.length; k++) expect(seen[k].percent).toBeGreaterThanOrEqual(seen[k - 1].percent);
  });
});
