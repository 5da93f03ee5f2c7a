/** MLP: fc1 → GELU → fc2 (timm Mlp / HF ViTIntermediate + ViTOutput). */
import type { GraphIndex } from './graph-index';
import type { GeluMatch } from './gelu';
import { matchGelus } from './gelu';
import type { LinearMatch } from './linear';
import type { Region } from './region';
import { dependsOn, regionLinears } from './region';

export interface MlpMatch {
  fc1: LinearMatch;
  fc2: LinearMatch;
  gelu: GeluMatch;
  dim: number;
  hidden: number;
  macs: number;
}

/** An MLP made of exactly the region's two linears and one GELU between them. */
export function matchMlp(idx: GraphIndex, r: Region): MlpMatch | undefined {
  const linears = regionLinears(idx, r);
  const gelus = matchGelus(idx, r.names);
  if (linears.length !== 2 || gelus.length !== 1) return undefined;
  return mlpFrom(idx, linears, gelus[0]);
}

/** fc1 feeds the GELU, fc2 reads it. */
export function mlpFrom(idx: GraphIndex, linears: LinearMatch[], gelu: GeluMatch): MlpMatch | undefined {
  const fc1 = linears.find((l) => dependsOn(idx, gelu.input, l.output));
  const fc2 = linears.find((l) => dependsOn(idx, l.input, gelu.output));
  if (!fc1 || !fc2 || fc1 === fc2 || fc1.outF !== fc2.inF) return undefined;
  return { fc1, fc2, gelu, dim: fc1.inF, hidden: fc1.outF, macs: fc1.macs + fc2.macs };
}
