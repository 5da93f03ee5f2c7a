/**
 * Import passes: folding of the Shape → Gather → Unsqueeze → Concat → Reshape chains PyTorch exports
 * emit, Constant nodes, identity and dead-node removal, and opset-dependent forms (axes as attribute
 * vs input, Slice attributes vs inputs, Split sizes, Softmax 2-D coercion before opset 13).
 */
import { describe, it, expect } from 'vitest';
import { importOnnxBuffer } from '../../../src-main/graph/onnx-import';
import { runPasses } from '../../../src-main/graph/passes';
import { execute } from '../../../src-main/graph/execute';
import type { Graph, Tensor } from '../../../src-main/graph/ir';
import { modelBytes, f32raw, type NodeDef, type VI } from './onnx-build';

const i64 = (name: string, vals: number[], dims = [vals.length]) => ({ name, dims, data_type: 7, int64_data: vals });
const attrInts = (name: string, ints: number[]) => ({ name, type: 7, ints });
const attrInt = (name: string, i: number) => ({ name, type: 2, i });
const xs = (dims: number[]): Tensor => ({ name: 'x', dtype: 'float32', dims, data: Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_v, i) => Math.sin(i) * 3) });

async function build(nodes: NodeDef[], inputs: VI[], outputs: VI[], initializers: Array<Record<string, unknown>> = [], opset = 17): Promise<Graph> {
  return importOnnxBuffer(modelBytes({ nodes, inputs, outputs, initializers, opset }));
}
const run = (g: Graph, x: Tensor) => execute(g, new Map([[g.inputs[0].name, x]]));

describe('constant folding', () => {
  it('folds the PyTorch head-split chain into one Reshape with a constant shape', async () => {
    const g = await build([
      { op: 'Shape', inputs: ['x'], outputs: ['s'] },
      { op: 'Gather', inputs: ['s', 'zero'], outputs: ['b'], attrs: [attrInt('axis', 0)] },
      { op: 'Unsqueeze', inputs: ['b', 'ax0'], outputs: ['b1'] },
      { op: 'Concat', inputs: ['b1', 'rest'], outputs: ['shape'], attrs: [attrInt('axis', 0)] },
      { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
      { op: 'Transpose', inputs: ['r'], outputs: ['y'], attrs: [attrInts('perm', [0, 2, 1, 3])] },
    ], [{ name: 'x', dims: ['batch', 5, 12] }], [{ name: 'y', dims: ['batch', 3, 5, 4] }],
    [i64('zero', [0], []), i64('ax0', [0]), i64('rest', [5, 3, 4])]);
    const p = runPasses(g);
    expect(p.nodes.map((n) => n.opType)).toEqual(['Reshape', 'Transpose']);
    const shape = p.initializers.get(p.nodes[0].inputs[1])!;
    expect(Array.from(shape.data as BigInt64Array, Number)).toEqual([1, 5, 3, 4]);
    expect(p.values.get('r')?.shape).toEqual([1, 5, 3, 4]);
    expect(p.outputs[0].shape).toEqual([1, 3, 5, 4]); // symbolic output dims resolved
    // Dead inputs of the folded chain are gone.
    expect(p.initializers.has('rest')).toBe(false);
    // Same numbers before and after.
    const a = run(g, xs([1, 5, 12])).get('y')!, b = run(p, xs([1, 5, 12])).get('y')!;
    expect(b.dims).toEqual([1, 3, 5, 4]);
    expect(Array.from(b.data as Float32Array)).toEqual(Array.from(a.data as Float32Array));
    // The input graph is not mutated by the passes.
    expect(g.nodes).toHaveLength(6);
  });

  it('folds every block of a deep chain in one sweep (each Shape depends on the previous block)', async () => {
    const nodes: NodeDef[] = [];
    let x = 'x';
    for (let b = 0; b < 14; b++) {
      nodes.push(
        { op: 'Shape', inputs: [x], outputs: [`s${b}`] },
        { op: 'Gather', inputs: [`s${b}`, 'zero'], outputs: [`g${b}`], attrs: [attrInt('axis', 0)] },
        { op: 'Unsqueeze', inputs: [`g${b}`, 'ax0'], outputs: [`u${b}`] },
        { op: 'Concat', inputs: [`u${b}`, 'minus1'], outputs: [`c${b}`], attrs: [attrInt('axis', 0)] },
        { op: 'Reshape', inputs: [x, `c${b}`], outputs: [`r${b}`] },
        { op: 'Relu', inputs: [`r${b}`], outputs: [`y${b}`] },
      );
      x = `y${b}`;
    }
    const g = await build(nodes, [{ name: 'x', dims: ['batch', 6] }], [{ name: x }], [i64('zero', [0], []), i64('ax0', [0]), i64('minus1', [-1])]);
    const passes: string[] = [];
    const p = runPasses(g, { onPass: (n) => passes.push(n) });
    expect(p.nodes.filter((n) => n.opType !== 'Reshape' && n.opType !== 'Relu')).toEqual([]);
    expect(p.values.get(x)?.shape).toEqual([1, 6]);
    expect(passes.length).toBeLessThanOrEqual(8); // converges in two rounds, not one per block
  });

  it('turns Constant nodes into initializers and keeps non-constant work', async () => {
    const g = await build([
      { op: 'Constant', inputs: [], outputs: ['c'], attrs: [{ name: 'value', type: 4, t: { dims: [2], data_type: 1, float_data: [2, 3] } }] },
      { op: 'Constant', inputs: [], outputs: ['k'], attrs: [{ name: 'value_float', type: 1, f: 0.5 }] },
      { op: 'Mul', inputs: ['c', 'k'], outputs: ['ck'] },
      { op: 'Mul', inputs: ['x', 'ck'], outputs: ['y'] },
    ], [{ name: 'x', dims: [1, 2] }], [{ name: 'y', dims: [1, 2] }]);
    const p = runPasses(g);
    expect(p.nodes.map((n) => n.opType)).toEqual(['Mul']);
    expect(Array.from(p.initializers.get('ck')!.data as Float32Array)).toEqual([1, 1.5]);
    expect(Array.from(run(p, { name: 'x', dtype: 'float32', dims: [1, 2], data: Float32Array.from([4, 4]) }).get('y')!.data as Float32Array)).toEqual([4, 6]);
  });

  it('does not fold nodes whose weights are absent, but still infers their shapes', async () => {
    const g = await build([
      { op: 'Transpose', inputs: ['w'], outputs: ['wt'] },
      { op: 'MatMul', inputs: ['x', 'wt'], outputs: ['y'] },
    ], [{ name: 'x', dims: [1, 3] }], [{ name: 'y' }],
    [{ name: 'w', dims: [2, 3], data_type: 1, data_location: 1, external_data: [{ key: 'location', value: 'absent.bin' }] }]);
    const p = runPasses(g);
    expect(p.nodes.map((n) => n.opType)).toEqual(['Transpose', 'MatMul']);
    expect(p.values.get('y')?.shape).toEqual([1, 2]);
  });
});

describe('identity and dead-node removal', () => {
  it('removes Identity (also when it feeds a graph output) and unused branches', async () => {
    const g = await build([
      { op: 'Relu', inputs: ['x'], outputs: ['a'] },
      { op: 'Identity', inputs: ['a'], outputs: ['b'] },
      { op: 'Sigmoid', inputs: ['b'], outputs: ['c'] },
      { op: 'Tanh', inputs: ['x'], outputs: ['unused'] },
      { op: 'Identity', inputs: ['c'], outputs: ['y'] },
    ], [{ name: 'x', dims: [1, 3] }], [{ name: 'y', dims: [1, 3] }]);
    const p = runPasses(g);
    expect(p.nodes.map((n) => n.opType)).toEqual(['Relu', 'Sigmoid']);
    expect(p.nodes[1].outputs).toEqual(['y']);
    expect(p.outputs.map((o) => o.name)).toEqual(['y']);
    const a = run(g, xs([1, 3])).get('y')!, b = run(p, xs([1, 3])).get('y')!;
    expect(Array.from(b.data as Float32Array)).toEqual(Array.from(a.data as Float32Array));
  });
});

describe('opset-dependent forms give the same results', () => {
  const x = xs([2, 1, 6]);
  async function both(a: { nodes: NodeDef[]; inits?: Array<Record<string, unknown>>; opset: number }, b: { nodes: NodeDef[]; inits?: Array<Record<string, unknown>>; opset: number }, outDims: number[], outputs = ['y']) {
    const ga = runPasses(await build(a.nodes, [{ name: 'x', dims: [2, 1, 6] }], outputs.map((name) => ({ name })), a.inits, a.opset));
    const gb = runPasses(await build(b.nodes, [{ name: 'x', dims: [2, 1, 6] }], outputs.map((name) => ({ name })), b.inits, b.opset));
    for (const o of outputs) {
      expect(ga.values.get(o)?.shape).toEqual(outDims);
      expect(gb.values.get(o)?.shape).toEqual(outDims);
      const ya = run(ga, x).get(o)!, yb = run(gb, x).get(o)!;
      expect(ya.dims).toEqual(outDims);
      expect(Array.from(yb.data as Float32Array)).toEqual(Array.from(ya.data as Float32Array));
    }
    return { ga, gb };
  }

  it('Squeeze: axes attribute (opset 11) vs input (13)', async () => {
    await both(
      { nodes: [{ op: 'Squeeze', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [1])] }], opset: 11 },
      { nodes: [{ op: 'Squeeze', inputs: ['x', 'ax'], outputs: ['y'] }], inits: [i64('ax', [1])], opset: 13 },
      [2, 6]);
  });

  it('Unsqueeze: axes attribute (opset 11) vs input (13), negative axes', async () => {
    await both(
      { nodes: [{ op: 'Unsqueeze', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [-1, 0])] }], opset: 11 },
      { nodes: [{ op: 'Unsqueeze', inputs: ['x', 'ax'], outputs: ['y'] }], inits: [i64('ax', [0, 4])], opset: 13 },
      [1, 2, 1, 6, 1]);
  });

  it('Slice: attributes (opset 9) vs inputs (13), with a step', async () => {
    const { gb } = await both(
      { nodes: [{ op: 'Slice', inputs: ['x'], outputs: ['y'], attrs: [attrInts('starts', [1]), attrInts('ends', [5]), attrInts('axes', [2])] }], opset: 9 },
      { nodes: [{ op: 'Slice', inputs: ['x', 's', 'e', 'a'], outputs: ['y'] }], inits: [i64('s', [1]), i64('e', [5]), i64('a', [2])], opset: 13 },
      [2, 1, 4]);
    const y = run(gb, x).get('y')!;
    const xd = x.data as Float32Array;
    expect(Array.from(y.data as Float32Array)).toEqual([xd[1], xd[2], xd[3], xd[4], xd[7], xd[8], xd[9], xd[10]]);
  });

  it('Split: sizes attribute (11) vs input (13) vs num_outputs (18)', async () => {
    const outs = ['y', 'z'];
    await both(
      { nodes: [{ op: 'Split', inputs: ['x'], outputs: outs, attrs: [attrInt('axis', 2), attrInts('split', [3, 3])] }], opset: 11 },
      { nodes: [{ op: 'Split', inputs: ['x', 'sp'], outputs: outs, attrs: [attrInt('axis', 2)] }], inits: [i64('sp', [3, 3])], opset: 13 },
      [2, 1, 3], outs);
    await both(
      { nodes: [{ op: 'Split', inputs: ['x'], outputs: outs, attrs: [attrInt('axis', 2)] }], opset: 13 },
      { nodes: [{ op: 'Split', inputs: ['x'], outputs: outs, attrs: [attrInt('axis', 2), attrInt('num_outputs', 2)] }], opset: 18 },
      [2, 1, 3], outs);
  });

  it('ReduceMean: axes attribute (13) vs input (18)', async () => {
    const { ga } = await both(
      { nodes: [{ op: 'ReduceMean', inputs: ['x'], outputs: ['y'], attrs: [attrInts('axes', [-1])] }], opset: 13 },
      { nodes: [{ op: 'ReduceMean', inputs: ['x', 'ax'], outputs: ['y'] }], inits: [i64('ax', [-1])], opset: 18 },
      [2, 1, 1]);
    const xd = x.data as Float32Array;
    const mean0 = Array.from(xd.slice(0, 6)).reduce((a, b) => a + b, 0) / 6;
    expect((run(ga, x).get('y')!.data as Float32Array)[0]).toBeCloseTo(mean0, 5);
  });

  it('Softmax before opset 13 coerces to 2-D at axis; from 13 it is one axis', async () => {
    const x3 = xs([2, 2, 3]);
    const mk = async (opset: number) => runPasses(await build([{ op: 'Softmax', inputs: ['x'], outputs: ['y'], attrs: [attrInt('axis', 1)] }], [{ name: 'x', dims: [2, 2, 3] }], [{ name: 'y' }], [], opset));
    const y11 = run(await mk(11), x3).get('y')!.data as Float32Array;
    const y13 = run(await mk(13), x3).get('y')!.data as Float32Array;
    const xd = x3.data as Float32Array;
    // opset 11: each batch row of 6 sums to 1; opset 13: each pair along axis 1 sums to 1.
    const sum = (a: ArrayLike<number>, idx: number[]) => idx.reduce((s, i) => s + a[i], 0);
    expect(sum(y11, [0, 1, 2, 3, 4, 5])).toBeCloseTo(1, 6);
    expect(sum(y13, [0, 3])).toBeCloseTo(1, 6);
    const e = [0, 1, 2, 3, 4, 5].map((i) => Math.exp(xd[i]));
    expect(y11[0]).toBeCloseTo(e[0] / e.reduce((a, b) => a + b, 0), 6);
    expect(y13[0]).toBeCloseTo(e[0] / (e[0] + e[3]), 6);
  });
});

describe('float initializer used by an op', () => {
  it('MatMul with a weight initializer', async () => {
    const g = runPasses(await build([{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }], [{ name: 'x', dims: [1, 2] }], [{ name: 'y' }],
      [{ name: 'w', dims: [2, 2], data_type: 1, raw_data: f32raw([1, 2, 3, 4]) }]));
    const y = execute(g, new Map([['x', { name: 'x', dtype: 'float32', dims: [1, 2], data: Float32Array.from([1, 1]) } as Tensor]])).get('y')!;
    expect(Array.from(y.data as Float32Array)).toEqual([4, 6]);
  });
});
