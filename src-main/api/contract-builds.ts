/**
 * API contract section: Builds and Settings views: tool discovery, one-click builds, run history, report parsing.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BuildMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface BuildEvents {}
