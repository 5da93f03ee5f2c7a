/**
 * API contract section: Resources, Latency and Explore views: estimates, design-space exploration, calibration, published anchors.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EstimateMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EstimateEvents {}
