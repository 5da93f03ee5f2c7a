import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main } from '../../../src-main/cli';
import { buildMoeVit } from '../../onnx-writer/vit';

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => { out += String(s); return true; });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => { err += String(s); return true; });
  try {
    const code = await main(args);
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('fpga-workbench import', () => {
  afterEach(() => { process.exitCode = undefined; });
  it('--arch --json prints the structure as JSON', async () => {
    const r = await run(['import', '--arch', 'vit:img=32,patch=8,dim=32,depth=2,heads=2,classes=10', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.structure.kind).toBe('vit');
    expect(j.structure.layers).toHaveLength(15);
    expect(j.structure.unplaced).toEqual([]);
    expect(j.source.arch).toContain('dim=32');
  });
  it('--preset prints the layer table with totals and unplaced nodes', async () => {
    const r = await run(['import', '--preset', 'm3vit-t']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^layer\s+kind\s+in\s+out\s+params\s+MACs/m);
    expect(r.out).toMatch(/blocks\.11\.moe\s+moe\s+\[1,129,192\]/);
    expect(r.out).toContain('unplaced nodes: none');
    expect(r.out).toMatch(/total: [\d,]+ params, [\d,]+ MACs/);
  });
  it('imports an ONNX file, with --dim overriding the dynamic batch', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'fw-import-cli-'));
    try {
      const file = buildMoeVit({ style: 'hf' }).writer.write(dir, 'moe.onnx');
      const one = JSON.parse((await run(['import', file, '--json'])).out);
      expect(one.structure.kind).toBe('moe-vit');
      expect(one.structure.layers[0].inputShape).toEqual([1, 3, 32, 32]);
      const two = await run(['import', file, '--dim', 'batch=2']);
      expect(two.code).toBe(0);
      expect(two.out).toMatch(/patch_embed\s+patch-embed\s+\[2,3,32,32\]/);
      expect(two.out).toContain('(batch 2)');
      const twoJ = JSON.parse((await run(['import', file, '--dim', 'batch=2', '--json'])).out);
      const attn = (st: { layers: Array<{ kind: string; macs: number; attrs: Record<string, unknown> }> }) => st.layers.find((l) => l.kind === 'attention')!;
      expect(attn(twoJ.structure).attrs).toMatchObject({ heads: 2, headDim: 16 });
      expect(attn(twoJ.structure).macs).toBe(2 * attn(one.structure).macs);
      expect(twoJ.structure.totals.macs).toBe(2 * one.structure.totals.macs);
      expect(twoJ.structure.layers.find((l: { kind: string }) => l.kind === 'moe').attrs.tokens).toBe(17);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a bad spec is a clear error naming the field', async () => {
    const r = await run(['import', '--arch', 'vit:img=32,patch=8,dim=30,depth=2,heads=4']);
    expect(r.code).toBe(1);
    expect(r.err).toContain("field 'heads'");
  });
  it('asks for exactly one model source', async () => {
    const r = await run(['import']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/exactly one/);
  });
});
