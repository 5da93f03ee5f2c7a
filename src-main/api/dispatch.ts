import { serializeError, WorkbenchError } from '../core/errors';
import { MAX_REQUEST_BYTES, type RequestMessage, type ResponseMessage } from './contract';
import type { Handlers } from './handlers';

/**
 * Transport-neutral request handling: decode, validate, route, answer. Anything malformed or unknown
 * gets an E_API error response; nothing a client sends can throw out of here.
 */
export async function dispatchRaw(handlers: Handlers, raw: string | Buffer): Promise<ResponseMessage> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_REQUEST_BYTES) return fail(null, `message of ${size} bytes exceeds the ${MAX_REQUEST_BYTES}-byte limit`);
  let msg: unknown;
  try {
    msg = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch {
    return fail(null, 'malformed message: not JSON');
  }
  return dispatch(handlers, msg);
}

export async function dispatch(handlers: Handlers, msg: unknown): Promise<ResponseMessage> {
  if (!isRequest(msg)) {
    const id = typeof (msg as { id?: unknown })?.id === 'number' ? (msg as { id: number }).id : null;
    return fail(id, "malformed message: expected {type:'req', id:number, method:string, params?:object}");
  }
  const handler = Object.prototype.hasOwnProperty.call(handlers, msg.method) ? (handlers as Record<string, (p: unknown) => Promise<unknown>>)[msg.method] : undefined;
  if (!handler) return fail(msg.id, `unknown method '${msg.method.slice(0, 100)}'`);
  try {
    const result = await handler(msg.params ?? {});
    return { type: 'res', id: msg.id, ok: true, result: result === undefined ? null : result };
  } catch (err) {
    return { type: 'res', id: msg.id, ok: false, error: serializeError(err) };
  }
}

function isRequest(m: unknown): m is RequestMessage {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return false;
  const r = m as Record<string, unknown>;
  return r.type === 'req' && typeof r.id === 'number' && Number.isSafeInteger(r.id) && typeof r.method === 'string' && r.method.length > 0;
}

function fail(id: number | null, message: string): ResponseMessage {
  return { type: 'res', id, ok: false, error: new WorkbenchError('E_API', message).toJSON() };
}
