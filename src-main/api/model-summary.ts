import type { ImportedModel } from '../graph/import-model';
import { blockSummary } from '../graph/structure-summary';
import type { ModelSummary } from './contract';

/** The Model view's DTO: structure plus per-node output shapes (no weights cross the wire). */
export function summariseModel(source: string, m: ImportedModel, importMs: number): ModelSummary {
  const g = m.graph;
  const weightsPresent = [...g.initializers.values()].every((t) => t.data !== undefined) && g.initializers.size > 0;
  return {
    source,
    structure: m.structure,
    blocks: blockSummary(m.structure),
    nodes: g.nodes.map((n) => ({ name: n.name, opType: n.opType, outputs: n.outputs.map((o) => ({ name: o, shape: g.values.get(o)?.shape })) })),
    inputs: g.inputs,
    outputs: g.outputs,
    opsets: g.opsets,
    weightsPresent,
    warnings: g.warnings,
    importMs,
  };
}
