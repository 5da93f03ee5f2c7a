import type { Graph } from '../ir';

/** A graph transformation (FINN style): returns a new graph and whether anything changed. */
export interface Pass {
  name: string;
  apply(graph: Graph): { graph: Graph; changed: boolean };
}

/** Shallow copy with fresh containers, so a pass never mutates its input graph. */
export function cloneGraph(g: Graph): Graph {
  return {
    ...g,
    nodes: g.nodes.slice(),
    inputs: g.inputs.slice(),
    outputs: g.outputs.slice(),
    initializers: new Map(g.initializers),
    values: new Map(g.values),
    opsets: { ...g.opsets },
    warnings: g.warnings.slice(),
  };
}

export const opsetOf = (g: Graph, domain: string): number => g.opsets[domain === 'ai.onnx' ? '' : domain] ?? g.opsets[''] ?? 13;
