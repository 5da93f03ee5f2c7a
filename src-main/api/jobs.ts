import { randomUUID } from 'node:crypto';
import { serializeError, WorkbenchError } from '../core/errors';
import type { JobInfo } from './contract';
import type { EventBus } from './event-bus';

export interface JobContext {
  signal: AbortSignal;
  progress(stage: string, percent?: number): void;
  log(line: string, stream?: 'stdout' | 'stderr' | 'info'): void;
}

/**
 * Long work (imports, csim, builds, sweeps, measurements) runs as a job: the request returns its id at
 * once, progress and log lines arrive as events, and `jobs.cancel` aborts it.
 */
export class JobRegistry {
  private jobs = new Map<string, { info: JobInfo; ctrl: AbortController }>();

  constructor(private bus: EventBus, private keep = 200) {}

  start<T>(kind: string, title: string, work: (ctx: JobContext) => Promise<T>): JobInfo {
    const id = randomUUID();
    const ctrl = new AbortController();
    const info: JobInfo = { id, kind, title, state: 'running', startedAt: new Date().toISOString(), percent: 0 };
    this.jobs.set(id, { info, ctrl });
    this.prune();
    this.bus.emit('job.update', { ...info });
    const ctx: JobContext = {
      signal: ctrl.signal,
      progress: (stage, percent) => {
        info.stage = stage;
        if (percent !== undefined) info.percent = percent;
        this.bus.emit('job.progress', { jobId: id, stage, percent });
      },
      log: (line, stream = 'info') => this.bus.emit('job.log', { jobId: id, stream, line }),
    };
    // Run on the next tick so the caller has the id before the first event.
    setImmediate(() => {
      work(ctx).then(
        (result) => this.finish(info, ctrl.signal.aborted ? 'cancelled' : 'done', result),
        (err) => this.finish(info, ctrl.signal.aborted ? 'cancelled' : 'failed', undefined, err),
      );
    });
    return { ...info };
  }

  cancel(id: string): boolean {
    const j = this.jobs.get(id);
    if (!j || j.info.state !== 'running') return false;
    j.ctrl.abort(new WorkbenchError('E_CANCELLED', `job ${j.info.title} cancelled`));
    return true;
  }

  list(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ ...j.info }));
  }

  cancelAll(): void {
    for (const id of this.jobs.keys()) this.cancel(id);
  }

  private finish(info: JobInfo, state: JobInfo['state'], result?: unknown, err?: unknown): void {
    info.state = state;
    info.endedAt = new Date().toISOString();
    if (err) info.error = serializeError(err);
    if (state === 'done') info.percent = 100;
    this.bus.emit('job.update', { ...info });
    this.bus.emit('job.done', { jobId: info.id, state, result, error: info.error });
  }

  private prune(): void {
    if (this.jobs.size <= this.keep) return;
    for (const [id, j] of this.jobs) {
      if (j.info.state !== 'running') this.jobs.delete(id);
      if (this.jobs.size <= this.keep) break;
    }
  }
}
