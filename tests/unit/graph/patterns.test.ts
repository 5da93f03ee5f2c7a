import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../../src-main/graph/graph-builder';
import { GraphIndex } from '../../../src-main/graph/patterns/graph-index';
import { matchLayerNorms } from '../../../src-main/graph/patterns/layer-norm';
import { matchGelus } from '../../../src-main/graph/patterns/gelu';
import { matchLinear } from '../../../src-main/graph/patterns/linear';
import { matchResidual } from '../../../src-main/graph/patterns/residual';

const S = [1, 5, 8];

function ln(form: 'div' | 'reciprocal' | 'mul-square') {
  const g = new GraphBuilder('ln');
  const x = g.input('x', 'float32', S);
  const m = g.op('ReduceMean', 'mean', [x], [1, 5, 1], { axes: [-1], keepdims: 1 });
  const d = g.op('Sub', 'sub', [x, m], S);
  const sq = form === 'mul-square' ? g.op('Mul', 'sq', [d, d], S) : g.op('Pow', 'sq', [d, g.f32('two', [2])], S);
  const v = g.op('ReduceMean', 'var', [sq], [1, 5, 1], { axes: [-1], keepdims: 1 });
  const ve = g.op('Add', 'addeps', [v, g.f32('eps', [1e-5])], [1, 5, 1]);
  const sd = g.op('Sqrt', 'sqrt', [ve], [1, 5, 1]);
  let n: string;
  if (form === 'reciprocal') n = g.op('Mul', 'norm', [d, g.op('Reciprocal', 'rec', [sd], [1, 5, 1])], S);
  else n = g.op('Div', 'norm', [d, sd], S);
  const y = g.op('Add', 'beta', [g.op('Mul', 'gamma', [n, g.weight('gw', [8])], S), g.weight('bw', [8])], S);
  g.output(y);
  return { g: g.build({}), y };
}

describe('layer-norm pattern', () => {
  it.each(['div', 'reciprocal', 'mul-square'] as const)('matches the decomposed form (%s)', (form) => {
    const { g, y } = ln(form);
    const m = matchLayerNorms(new GraphIndex(g));
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ form: 'decomposed', input: 'x', output: y, gamma: 'gw', beta: 'bw' });
    expect(m[0].eps).toBeCloseTo(1e-5, 10);
    expect(m[0].nodes).toHaveLength(g.nodes.length);
  });
  it('matches the op with its epsilon', () => {
    const g = new GraphBuilder('ln');
    const x = g.input('x', 'float32', S);
    g.output(g.op('LayerNormalization', 'ln', [x, g.weight('gw', [8]), g.weight('bw', [8])], S, { epsilon: { f: 1e-6 }, axis: -1 }));
    const m = matchLayerNorms(new GraphIndex(g.build({})));
    expect(m).toEqual([expect.objectContaining({ form: 'op', gamma: 'gw', beta: 'bw', nodes: ['ln'] })]);
    expect(m[0].eps).toBeCloseTo(1e-6, 12);
  });
  it('does not take a lone mean subtraction for a LayerNorm', () => {
    const g = new GraphBuilder('x');
    const x = g.input('x', 'float32', S);
    const m = g.op('ReduceMean', 'mean', [x], [1, 5, 1], { axes: [-1] });
    g.output(g.op('Sub', 'sub', [x, m], S));
    expect(matchLayerNorms(new GraphIndex(g.build({})))).toEqual([]);
  });
});

function gelu(form: 'erf-div' | 'erf-mul' | 'erf-half-first' | 'tanh' | 'op' | 'erf-only') {
  const g = new GraphBuilder('gelu');
  const x = g.input('x', 'float32', S);
  let y: string;
  if (form === 'op') y = g.op('Gelu', 'gelu', [x], S);
  else if (form === 'tanh') {
    const c = g.op('Mul', 'c', [g.op('Pow', 'cube', [x, g.f32('three', [3])], S), g.f32('k', [0.044715])], S);
    const t = g.op('Tanh', 'tanh', [g.op('Mul', 's', [g.op('Add', 'in', [x, c], S), g.f32('r', [0.79788456])], S)], S);
    y = g.op('Mul', 'out', [g.op('Mul', 'half', [x, g.f32('h', [0.5])], S), g.op('Add', 'one', [t, g.f32('o', [1])], S)], S);
  } else {
    const pre = form === 'erf-mul' ? g.op('Mul', 'pre', [x, g.f32('c', [Math.SQRT1_2])], S) : g.op('Div', 'pre', [x, g.f32('c', [Math.SQRT2])], S);
    const e = g.op('Erf', 'erf', [pre], S);
    if (form === 'erf-only') y = e;
    else {
      const a = g.op('Add', 'one', [e, g.f32('o', [1])], S);
      y = form === 'erf-half-first'
        ? g.op('Mul', 'out', [g.op('Mul', 'half', [x, g.f32('h', [0.5])], S), a], S)
        : g.op('Mul', 'out', [g.op('Mul', 'xm', [x, a], S), g.f32('h', [0.5])], S);
    }
  }
  g.output(y);
  return { g: g.build({}), y };
}

describe('gelu pattern', () => {
  it.each([['erf-div', 'erf'], ['erf-mul', 'erf'], ['erf-half-first', 'erf'], ['tanh', 'tanh'], ['op', 'op']] as const)('matches %s as %s covering every node', (form, expected) => {
    const { g, y } = gelu(form);
    const m = matchGelus(new GraphIndex(g));
    expect(m).toHaveLength(1);
    expect(m[0]).toMatchObject({ form: expected, input: 'x', output: y });
    expect(new Set(m[0].nodes)).toEqual(new Set(g.nodes.map((n) => n.name)));
  });
  it('does not call a bare Erf a GELU', () => {
    expect(matchGelus(new GraphIndex(gelu('erf-only').g))).toEqual([]);
  });
});

describe('linear and residual patterns', () => {
  it('MatMul + bias Add in either operand order, and Gemm transB', () => {
    const g = new GraphBuilder('lin');
    const x = g.input('x', 'float32', [1, 5, 8]);
    const a = g.op('Add', 'b1', [g.weight('bias1', [16]), g.op('MatMul', 'mm1', [x, g.weight('w1', [8, 16])], [1, 5, 16])], [1, 5, 16]);
    const b = g.op('Add', 'b2', [g.op('MatMul', 'mm2', [a, g.weight('w2', [16, 8])], [1, 5, 8]), g.weight('bias2', [8])], [1, 5, 8]);
    const r = g.op('Add', 'res', [x, b], [1, 5, 8]);
    const t = g.op('Gather', 'tok', [r, g.i64('i0', [0], [])], [1, 8], { axis: 1 });
    g.output(g.op('Gemm', 'head', [t, g.weight('hw', [3, 8]), g.weight('hb', [3])], [1, 3], { transB: 1 }));
    const graph = g.build({});
    const idx = new GraphIndex(graph);
    const by = (n: string) => graph.nodes.find((x) => x.name === n)!;
    expect(matchLinear(idx, by('mm1'))).toMatchObject({ weight: 'w1', bias: 'bias1', inF: 8, outF: 16, layout: 'KN', macs: 5 * 8 * 16, nodes: ['mm1', 'b1'] });
    expect(matchLinear(idx, by('mm2'))).toMatchObject({ bias: 'bias2', inF: 16, outF: 8, macs: 5 * 16 * 8 });
    expect(matchLinear(idx, by('head'))).toMatchObject({ weight: 'hw', bias: 'hb', inF: 8, outF: 3, layout: 'NK', macs: 24 });
    expect(matchResidual(idx, x, a)).toMatchObject({ stream: x, branch: b });
    expect(matchResidual(idx, a, x)).toBeUndefined();
  });
});
