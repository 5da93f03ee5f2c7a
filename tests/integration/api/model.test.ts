import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppContext } from '../../../src-main/api/app-context';
import { dispatch } from '../../../src-main/api/dispatch';
import { createHandlers } from '../../../src-main/api/handlers';
import { buildMoeVit } from '../../onnx-writer/vit';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('fwb-api-model-');
afterAll(() => t.cleanup());

async function call(app: AppContext, method: string, params: unknown) {
  return dispatch(createHandlers(app), { type: 'req', id: 1, method, params });
}

describe('model.import over the API', () => {
  it('imports a preset and an MoE-ViT ONNX file to the same kind of summary', async () => {
    const app = new AppContext('serve');
    const preset = await call(app, 'model.import', { source: 'm3vit-t' });
    expect(preset.ok).toBe(true);
    const s = (preset as { result: { structure: { kind: string; blocks: number; layers: Array<{ kind: string }> }; weightsPresent: boolean } }).result;
    expect(s.structure.kind).toBe('moe-vit');
    expect(s.structure.blocks).toBe(12);
    expect(s.structure.layers.filter((l) => l.kind === 'moe')).toHaveLength(6);
    expect(s.weightsPresent).toBe(false);

    const built = buildMoeVit({ depth: 2, moe: { experts: 4, topk: 2 } });
    const file = built.writer.write(t.dir, 'moe tiny.onnx');
    const onnx = await call(app, 'model.import', { source: file });
    expect(onnx.ok).toBe(true);
    const m = (onnx as { result: { structure: { kind: string; unplaced: unknown[] }; weightsPresent: boolean; nodes: Array<{ outputs: Array<{ shape?: unknown[] }> }> } }).result;
    expect(m.structure.kind).toBe('moe-vit');
    expect(m.weightsPresent).toBe(true);
    expect(m.nodes.some((n) => n.outputs.some((o) => Array.isArray(o.shape)))).toBe(true);
    expect(app.model?.source).toBe(file);
  });

  it('answers a corrupt file with an error naming it, and the server stays up', async () => {
    const app = new AppContext('serve');
    const bad = path.join(t.dir, 'broken.onnx');
    writeFileSync(bad, Buffer.from([0x08, 0x07, 0x12, 0xff, 0xff, 0xff]));
    const r = await call(app, 'model.import', { source: bad });
    expect(r.ok).toBe(false);
    expect((r as { error: { message: string } }).error.message).toContain(bad);
    expect((await call(app, 'app.ping', {})).ok).toBe(true);
  });
});
