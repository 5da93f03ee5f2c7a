// Transports of the renderer's API client; api-client.ts picks one. No globals touched at import time,
// so the contract tests run these classes in Node too.
import type { ApiClient, ApiEvents, EventMessage, EventName, Method, Params, RequestMessage, ResponseMessage, Result, SerializedError } from '../src-main/api/contract';

export interface PreloadBridge {
  invoke(msg: RequestMessage): Promise<ResponseMessage>;
  onEvent(cb: (msg: EventMessage) => void): () => void;
}

export class ApiError extends Error {
  constructor(readonly error: SerializedError) {
    super(error.message);
  }
}

type ConnState = 'connecting' | 'open' | 'closed';

abstract class BaseClient {
  protected nextId = 1;
  private listeners = new Map<string, Set<(d: unknown) => void>>();
  private connListeners = new Set<(s: ConnState) => void>();
  protected state: ConnState = 'connecting';

  on<E extends EventName>(event: E, cb: (data: ApiEvents[E]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    set.add(cb as (d: unknown) => void);
    return () => set!.delete(cb as (d: unknown) => void);
  }

  onConnection(cb: (s: ConnState) => void): () => void {
    this.connListeners.add(cb);
    cb(this.state);
    return () => this.connListeners.delete(cb);
  }

  protected setState(s: ConnState): void {
    this.state = s;
    for (const l of this.connListeners) l(s);
  }

  protected deliver(msg: EventMessage): void {
    const set = this.listeners.get(msg.event);
    if (set) for (const l of set) l(msg.data);
  }
}

export class IpcClient extends BaseClient implements ApiClient {
  readonly transport = 'ipc' as const;
  constructor(private bridge: PreloadBridge) {
    super();
    bridge.onEvent((m) => this.deliver(m));
    this.setState('open');
  }
  async call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const res = await this.bridge.invoke({ type: 'req', id: this.nextId++, method, params });
    if (!res.ok) throw new ApiError(res.error);
    return res.result as Result<M>;
  }
}

export class WsClient extends BaseClient implements ApiClient {
  readonly transport = 'ws' as const;
  private ws: WebSocket | null = null;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private queue: string[] = [];
  private retry = 0;

  constructor(private url: string) {
    super();
    this.connect();
  }

  private connect(): void {
    this.setState('connecting');
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retry = 0;
      this.setState('open');
      for (const m of this.queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as ResponseMessage | EventMessage;
      if (msg.type === 'event') return this.deliver(msg);
      if (msg.id === null) return;
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.ok) p.resolve(msg.result);
      else p.reject(new ApiError(msg.error));
    };
    ws.onclose = () => {
      this.setState('closed');
      for (const [, p] of this.pending) p.reject(new ApiError({ code: 'E_API', message: 'connection to the workbench server lost' }));
      this.pending.clear();
      // Reconnect with back-off: the lab server may be restarting.
      setTimeout(() => this.connect(), Math.min(10_000, 500 * 2 ** this.retry++));
    };
  }

  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>> {
    const id = this.nextId++;
    const text = JSON.stringify({ type: 'req', id, method, params } satisfies RequestMessage);
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      if (this.ws && this.ws.readyState === WebSocket.OPEN) this.ws.send(text);
      else this.queue.push(text);
    });
  }
}
