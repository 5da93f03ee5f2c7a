/** The estimate / explore CLIs end to end (in process, stdout captured). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../src-main/cli';

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  });
  process.env.FPGA_WORKBENCH_HOME = '/nonexistent-fpga-workbench-home'; // no user calibration
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

describe('fpga-workbench estimate', () => {
  it('--preset m3vit-t --board zcu102 --clock 300 --json: ours beside the published rows', async () => {
    expect(await main(['estimate', '--preset', 'm3vit-t', '--board', 'zcu102', '--clock', '300', '--json'])).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.estimate.totals.latencyMs.source).toBe('estimate');
    expect(doc.estimate.fit.fits).toBe(true);
    const pub = doc.comparison.published;
    expect(pub.map((p: { name: string }) => p.name)).toEqual(['Edge-MoE', 'UbiMoE', 'CoQMoE']);
    expect(pub.every((p: { latencyMs: { source: string } }) => p.latencyMs.source === 'published')).toBe(true);
    expect(pub[1].dsp.value).toBe(1850);
    const ours = doc.comparison.ours;
    expect(ours.map((o: { precision: string }) => o.precision)).toEqual(['W16A16', 'W16A32', 'W8A8']);
    expect(ours.every((o: { latencyMs: { source: string } }) => o.latencyMs.source === 'estimate')).toBe(true);
    expect(doc.plan.kernels.length).toBeGreaterThan(100);
  });

  it('--arch (M³ViT-size MoE) prints a per-layer table, totals, fit and assumptions', async () => {
    const spec = 'vit:img=224,patch=16,dim=384,depth=12,heads=6,mlp=4,experts=16,topk=4,moe-every=2';
    expect(await main(['estimate', '--arch', spec, '--board', 'zcu102', '--clock', '300', '--tiles', 'in=32,out=16,heads=1,keys=2'])).toBe(0);
    expect(out).toContain('per layer');
    expect(out).toMatch(/blocks\.1\.moe\s+moe/);
    expect(out).toMatch(/latency\s+[\d.,]+ ms \[estimate\]/);
    expect(out).toContain('fits board:');
    expect(out).toContain('assumptions:');
    expect(out).toContain('197·4/16 = 49.25');
    expect(out).not.toContain('[published]'); // not M³ViT-T
  });

  it('rejects bad input with a message naming the field', async () => {
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['estimate', '--preset', 'm3vit-t', '--board', 'zcu102', '--tiles', 'in=0'])).toBe(1);
    expect(String(err.mock.calls[0][0])).toMatch(/tiles\.in.*whole number/);
  });
});

describe('fpga-workbench explore', () => {
  it('--budget N --json prints a Pareto front of feasible plans', async () => {
    expect(await main(['explore', '--preset', 'm3vit-t', '--board', 'zcu102', '--budget', '150', '--workers', '0', '--json'])).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.evaluated).toBe(150);
    expect(doc.front.length).toBeGreaterThan(0);
    expect(doc.front.every((p: { feasible: boolean }) => p.feasible)).toBe(true);
  });
});
