/**
 * Recognition on graphs that are not ViTs (every ONNX node-test model in ../shared): it must never
 * throw, must call them 'unknown' and must account for every node (placed or listed as unplaced).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importOnnx } from '../../../src-main/graph/onnx-import';
import { runPasses } from '../../../src-main/graph/passes';
import { recognise } from '../../../src-main/graph/recognise';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dir = path.resolve(repoRoot, '..', 'shared', 'models', 'onnx-node-tests');
const cases = existsSync(dir) ? readdirSync(dir).filter((d) => existsSync(path.join(dir, d, 'model.onnx'))) : [];

describe.skipIf(!cases.length)('recognise on non-ViT graphs', () => {
  it(`handles all ${cases.length} node-test models`, async () => {
    let checked = 0;
    for (const c of cases) {
      let g;
      try {
        g = runPasses(await importOnnx(path.join(dir, c, 'model.onnx'), { allowUnsupported: true }));
      } catch {
        continue; // import errors are the importer's tests
      }
      const st = recognise(g);
      expect(st.kind, c).toBe('unknown');
      const placed = st.layers.reduce((a, l) => a + l.nodes.length, 0);
      expect(placed + st.unplaced.length, c).toBe(g.nodes.length);
      checked++;
    }
    expect(checked).toBeGreaterThan(cases.length / 2);
  });
});
