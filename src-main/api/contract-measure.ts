/**
 * API contract section: Board and Power views: boards, serial ports, measurement sessions, samples.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 */

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeasureMethods {}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MeasureEvents {}
