/** The DSE API the app calls: explore (streaming, cancellable), the default plan, the space. */
export { explore, exploreIter, type ExploreOptions, type ExploreSummary, type ExploreProgress, type PointCallback } from './explore';
export { bestTiling, type DefaultPlanOptions } from './default-plan';
export { Evaluator, type DseResult, type DseConstraints } from './evaluate';
export { defaultSpace, spaceSize, pointAt, type DesignSpace, type DesignPoint } from './space';
export { paretoFront, dominates, OBJECTIVES, type Objective } from './pareto';
