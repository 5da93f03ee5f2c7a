/**
 * The API in process, as the integration tests drive it: one AppContext with its handlers, a temporary
 * FPGA_WORKBENCH_HOME, every bus event recorded (cloned, so later mutation cannot rewrite history).
 * Call useInProcessApi() at a file's top level or in a describe: it registers the beforeAll / afterAll.
 */
import { afterAll, beforeAll } from 'vitest';
import { AppContext } from '../../src-main/api/app-context';
import type { ApiEvents, EventName, Method, Params, Result } from '../../src-main/api/contract';
import { dispatch } from '../../src-main/api/dispatch';
import { createHandlers } from '../../src-main/api/handlers';
import { tmpDir } from './tmp';

export interface ApiFailure { code: string; message: string; context?: Record<string, unknown> }

export interface InProcessApi {
  readonly app: AppContext;
  /** The temporary FPGA_WORKBENCH_HOME. */
  readonly home: string;
  readonly events: Array<{ event: EventName; data: unknown }>;
  /** The method's result; a failed call throws an Error whose `error` is the API's error. */
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  /** The API error a call failed with (fails the test when it succeeded). */
  failure(p: Promise<unknown>): Promise<ApiFailure>;
  /** Every recorded event of that name, in order. */
  of<E extends EventName>(e: E): Array<ApiEvents[E]>;
}

export function useInProcessApi(homePrefix: string): InProcessApi {
  const home = tmpDir(homePrefix);
  const events: Array<{ event: EventName; data: unknown }> = [];
  let app: AppContext | undefined;
  let handlers: ReturnType<typeof createHandlers> | undefined;
  let seq = 0;

  beforeAll(() => {
    process.env.FPGA_WORKBENCH_HOME = home.dir;
    app = new AppContext('serve');
    handlers = createHandlers(app);
    app.bus.subscribe((event, data) => events.push({ event, data: structuredClone(data) }));
  });
  afterAll(() => {
    app?.dispose();
    delete process.env.FPGA_WORKBENCH_HOME;
    home.cleanup();
  });

  return {
    get app() {
      if (!app) throw new Error('in-process API: not started (used outside the tests?)');
      return app;
    },
    home: home.dir,
    events,
    async call(method, params) {
      if (!handlers) throw new Error('in-process API: not started (used outside the tests?)');
      const res = await dispatch(handlers, { type: 'req', id: ++seq, method, params });
      if (!res.ok) throw Object.assign(new Error(res.error.message), { error: res.error });
      return res.result as Result<typeof method>;
    },
    async failure(p) {
      try { await p; } catch (e) { return (e as { error: ApiFailure }).error; }
      throw new Error('expected a failure');
    },
    of: <E extends EventName>(e: E) => events.filter((x) => x.event === e).map((x) => x.data as ApiEvents[E]),
  };
}
