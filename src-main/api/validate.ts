import { WorkbenchError } from '../core/errors';

/** Minimal runtime checks of request params: the wire is untrusted even on loopback. */
export function asObject(p: unknown, method: string): Record<string, unknown> {
  if (p === undefined || p === null) return {};
  if (typeof p !== 'object' || Array.isArray(p)) throw apiError(`${method}: params must be an object`);
  return p as Record<string, unknown>;
}

export function str(o: Record<string, unknown>, key: string, method: string, optional = false): string {
  const v = o[key];
  if (v === undefined && optional) return undefined as unknown as string;
  if (typeof v !== 'string' || v.length === 0) throw apiError(`${method}: '${key}' must be a non-empty string`);
  if (v.length > 4096) throw apiError(`${method}: '${key}' is too long`);
  return v;
}

export function num(o: Record<string, unknown>, key: string, method: string, optional = false, min = -Infinity, max = Infinity): number {
  const v = o[key];
  if (v === undefined && optional) return undefined as unknown as number;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw apiError(`${method}: '${key}' must be a number in [${min}, ${max}]`);
  return v;
}

export const apiError = (msg: string) => new WorkbenchError('E_API', msg);
