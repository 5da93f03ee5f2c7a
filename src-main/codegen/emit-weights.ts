/**
 * Weights on disk: one little-endian binary file per storage type (data/weights_<g>.bin), each the
 * concatenation of that type's tensors as raw integers (value × 2^F, in 1, 2 or 4 bytes), quantised
 * exactly as the C++ assignment would (quantize.ts). The testbench loads them; no multi-megabyte headers.
 */
import type { FixedType } from '../plan/plan';
import type { CodegenModel, WeightTensor } from './model-view';
import { containerBytes, packRaw, WEIGHT_MODE } from './quantize';
import { cppIdent } from './sanitize';

export interface PlacedTensor { name: string; ident: string; offset: number; count: number; sources: string[] }
export interface WeightGroup { index: number; type: FixedType; file: string; count: number; tensors: PlacedTensor[] }
export interface WeightLayout { groups: WeightGroup[]; byName: Map<string, { group: WeightGroup; tensor: PlacedTensor }> }

const key = (t: FixedType): string => `${t.signed ? 's' : 'u'}${t.w}.${t.i}`;

/** Groups in order of first use; tensors in model order; identifiers unique (OFF_<ident>). */
export function layoutWeights(model: CodegenModel): WeightLayout {
  const groups: WeightGroup[] = [];
  const byKey = new Map<string, WeightGroup>();
  const byName = new Map<string, { group: WeightGroup; tensor: PlacedTensor }>();
  const taken = new Set<string>();
  for (const w of model.weights) {
    containerBytes(w.type); // refuses > 32 bits early
    let g = byKey.get(key(w.type));
    if (!g) {
      g = { index: groups.length, type: w.type, file: `data/weights_${groups.length}.bin`, count: 0, tensors: [] };
      groups.push(g);
      byKey.set(key(w.type), g);
    }
    const tensor: PlacedTensor = { name: w.name, ident: cppIdent(w.name, taken, 'w'), offset: g.count, count: w.count, sources: w.sources };
    g.tensors.push(tensor);
    g.count += w.count;
    byName.set(w.name, { group: g, tensor });
  }
  return { groups, byName };
}

/** The bytes of every group file. */
export function packWeights(model: CodegenModel, layout: WeightLayout): Map<string, Uint8Array> {
  const byName = new Map<string, WeightTensor>(model.weights.map((w) => [w.name, w]));
  const files = new Map<string, Uint8Array>();
  for (const g of layout.groups) {
    const all = new Float64Array(g.count);
    for (const t of g.tensors) byName.get(t.name)!.fill(all.subarray(t.offset, t.offset + t.count));
    files.set(g.file, packRaw(all, g.type, WEIGHT_MODE));
  }
  return files;
}
