export { runPasses, type PassOptions } from './pipeline';
export { shapeInference, unknownShapes } from './shape-inference';
export { constantFold } from './constant-fold';
export { removeIdentity } from './remove-identity';
export { removeDead } from './remove-dead';
export type { Pass } from './types';
