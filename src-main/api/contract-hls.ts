/**
 * API contract section: Kernels view: generate, C simulation, approximation error curves.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HlsMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface HlsEvents {}
