/**
 * Where workbench-generated projects plug in their per-tensor comparison against the reference
 * executor (issue 6). A resolver looks at a project (e.g. a marker file the code generator writes)
 * and returns a comparator, or undefined for an engineer's own project, whose testbench alone decides.
 */
import type { CsimComparator } from './csim-project';
import type { HlsProject } from './project';

export type ComparatorResolver = (project: HlsProject) => CsimComparator | undefined;

const resolvers: ComparatorResolver[] = [];

export function registerCsimComparator(resolve: ComparatorResolver): void {
  resolvers.push(resolve);
}

export function comparatorFor(project: HlsProject): CsimComparator | undefined {
  for (const r of resolvers) {
    const c = r(project);
    if (c) return c;
  }
  return undefined;
}
