import WebSocket from 'ws';
import { WorkbenchError } from '../core/errors';
import type { ApiClient, ApiEvents, EventName, Method, Params, Result, ServerMessage } from './contract';

/**
 * A Node WebSocket client of the lab server's API (scripts, benches, tests): the same contract the
 * browser renderer uses.
 */
export async function connectWs(url: string, opts: { origin?: string; headers?: Record<string, string> } = {}): Promise<ApiClient & { close(): void; raw: WebSocket }> {
  const ws = new WebSocket(url, { origin: opts.origin, headers: opts.headers, perMessageDeflate: false });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new WorkbenchError('E_API', `server refused the connection: HTTP ${res.statusCode}`)));
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const listeners = new Map<string, Set<(d: unknown) => void>>();
  const conn = new Set<(s: 'connecting' | 'open' | 'closed') => void>();
  ws.on('message', (raw) => {
    const msg = JSON.parse(raw.toString()) as ServerMessage;
    if (msg.type === 'event') {
      const set = listeners.get(msg.event);
      if (set) for (const l of set) l(msg.data);
      return;
    }
    if (msg.id === null) return;
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.ok) p.resolve(msg.result);
    else p.reject(Object.assign(new Error(msg.error.message), { error: msg.error }));
  });
  ws.on('close', () => {
    for (const l of conn) l('closed');
    for (const [, p] of pending) p.reject(new Error('connection closed'));
    pending.clear();
  });
  return {
    transport: 'ws',
    raw: ws,
    call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
        ws.send(JSON.stringify({ type: 'req', id, method, params }));
      });
    },
    on<E extends EventName>(event: E, cb: (data: ApiEvents[E]) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(cb as (d: unknown) => void);
      return () => set!.delete(cb as (d: unknown) => void);
    },
    onConnection(cb) {
      conn.add(cb);
      cb(ws.readyState === ws.OPEN ? 'open' : 'closed');
      return () => conn.delete(cb);
    },
    close: () => ws.close(),
  };
}
