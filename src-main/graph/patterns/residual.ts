/** Residual connection: an Add of the stream tensor and a sub-layer output computed from `branchFrom`. */
import type { Node } from '../ir';
import type { GraphIndex } from './graph-index';
import { dependsOn } from './region';

export interface ResidualMatch {
  add: Node;
  stream: string;
  branch: string;
  output: string;
}

export function matchResidual(idx: GraphIndex, stream: string, branchFrom: string): ResidualMatch | undefined {
  for (const c of idx.consumersOf(stream)) {
    if (c.opType !== 'Add' || c.inputs.length !== 2) continue;
    const branch = c.inputs[0] === stream ? c.inputs[1] : c.inputs[0];
    if (branch !== stream && dependsOn(idx, branch, branchFrom)) return { add: c, stream, branch, output: c.outputs[0] };
  }
  return undefined;
}
