/**
 * Typed errors. Every error a user can see says where it happened: the file, and where it applies
 * the node, op type, line, port or section. The API layer serialises these fields as they are.
 */
export interface ErrorContext {
  file?: string;
  node?: string;
  opType?: string;
  opset?: number;
  line?: number;
  column?: number;
  port?: string;
  section?: string;
  field?: string;
  step?: string;
}

export type ErrorCode =
  | 'E_INPUT' // bad user input (arguments, specs)
  | 'E_FILE' // a file is missing, unreadable or malformed
  | 'E_MODEL' // a model is structurally invalid (cycle, shape mismatch, bad data length)
  | 'E_UNSUPPORTED' // an operator, attribute or feature we do not handle
  | 'E_SCHEMA' // a JSON document fails its schema
  | 'E_REPORT' // a tool report lacks a section or value
  | 'E_TOOL' // an external tool is missing, crashed, timed out or failed
  | 'E_COMPILE' // a C++ compile failed
  | 'E_PORT' // a serial port could not be opened or was lost
  | 'E_PROTOCOL' // the board link broke protocol
  | 'E_CANCELLED'
  | 'E_API'; // malformed or unknown API message

export class WorkbenchError extends Error {
  readonly code: ErrorCode;
  readonly context: ErrorContext;
  /** Extra items when one error reports many problems at once (e.g. all unsupported ops). */
  readonly details: string[];

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}, details: string[] = [], options?: { cause?: unknown }) {
    super(withContext(message, context), options);
    this.name = 'WorkbenchError';
    this.code = code;
    this.context = context;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, context: this.context, details: this.details };
  }
}

export interface SerializedError {
  code: ErrorCode | string;
  message: string;
  context?: ErrorContext;
  details?: string[];
}

function withContext(message: string, ctx: ErrorContext): string {
  const where: string[] = [];
  if (ctx.file) where.push(ctx.line !== undefined ? `${ctx.file}:${ctx.line}` : ctx.file);
  if (ctx.node) where.push(`node '${ctx.node}'${ctx.opType ? ` (${ctx.opType}${ctx.opset ? `, opset ${ctx.opset}` : ''})` : ''}`);
  else if (ctx.opType) where.push(`op ${ctx.opType}${ctx.opset ? ` (opset ${ctx.opset})` : ''}`);
  if (ctx.port) where.push(`port ${ctx.port}`);
  if (ctx.section) where.push(`section '${ctx.section}'`);
  if (ctx.field) where.push(`field '${ctx.field}'`);
  if (ctx.step) where.push(`step ${ctx.step}`);
  return where.length ? `${where.join(', ')}: ${message}` : message;
}

export const inputError = (msg: string, ctx?: ErrorContext) => new WorkbenchError('E_INPUT', msg, ctx);
export const fileError = (msg: string, ctx?: ErrorContext, cause?: unknown) => new WorkbenchError('E_FILE', msg, ctx, [], { cause });
export const modelError = (msg: string, ctx?: ErrorContext) => new WorkbenchError('E_MODEL', msg, ctx);
export const reportError = (msg: string, ctx?: ErrorContext) => new WorkbenchError('E_REPORT', msg, ctx);
export const toolError = (msg: string, ctx?: ErrorContext) => new WorkbenchError('E_TOOL', msg, ctx);

/** Any thrown value as a SerializedError, for the API and the CLI. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof WorkbenchError) return err.toJSON();
  if (err instanceof Error) return { code: 'E_INTERNAL', message: err.message };
  return { code: 'E_INTERNAL', message: String(err) };
}
