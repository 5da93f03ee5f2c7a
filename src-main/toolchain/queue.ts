/**
 * A job queue with a concurrency limit (default 1: one heavy vendor-tool job at a time). Jobs are
 * async functions given an AbortSignal; the queue emits 'change' with its state for the UI.
 */
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';

import type { JobInfo, JobState, QueueState } from './types';

export type { JobInfo, JobState, QueueState } from './types';

interface Entry<T> {
  info: JobInfo;
  fn: (signal: AbortSignal) => Promise<T>;
  ctrl: AbortController;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export class JobQueue extends EventEmitter {
  private limit: number;
  private waiting: Entry<unknown>[] = [];
  private active = new Map<string, Entry<unknown>>();
  private done: JobInfo[] = [];

  constructor(limit = 1) {
    super();
    this.limit = Math.max(1, limit);
  }

  setLimit(n: number): void {
    this.limit = Math.max(1, n);
    this.pump();
  }

  enqueue<T>(label: string, fn: (signal: AbortSignal) => Promise<T>): { id: string; promise: Promise<T> } {
    const info: JobInfo = { id: randomUUID(), label, state: 'queued', enqueuedAt: new Date().toISOString() };
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
    this.waiting.push({ info, fn, ctrl: new AbortController(), resolve, reject } as Entry<unknown>);
    this.changed();
    this.pump();
    return { id: info.id, promise };
  }

  /** Cancel a queued job (never starts) or a running one (its signal aborts). */
  cancel(id: string): boolean {
    const i = this.waiting.findIndex((e) => e.info.id === id);
    if (i >= 0) {
      const [e] = this.waiting.splice(i, 1);
      this.finish(e, 'cancelled');
      e.reject(Object.assign(new Error('cancelled before start'), { code: 'E_CANCELLED' }));
      return true;
    }
    const a = this.active.get(id);
    if (a) { a.ctrl.abort(); return true; }
    return false;
  }

  state(): QueueState {
    return {
      limit: this.limit,
      running: [...this.active.values()].map((e) => ({ ...e.info })),
      queued: this.waiting.map((e) => ({ ...e.info })),
      finished: this.done.map((i) => ({ ...i })),
    };
  }

  /** Resolves when nothing is queued or running. */
  async idle(): Promise<void> {
    while (this.active.size || this.waiting.length) await new Promise((r) => this.once('change', r));
  }

  private pump(): void {
    while (this.active.size < this.limit && this.waiting.length) {
      const e = this.waiting.shift()!;
      e.info.state = 'running';
      e.info.startedAt = new Date().toISOString();
      this.active.set(e.info.id, e);
      this.changed();
      e.fn(e.ctrl.signal).then(
        (v) => { this.finish(e, e.ctrl.signal.aborted ? 'cancelled' : 'done'); e.resolve(v); },
        (err) => { this.finish(e, e.ctrl.signal.aborted ? 'cancelled' : 'failed', err); e.reject(err); },
      );
    }
  }

  private finish(e: Entry<unknown>, state: JobState, err?: unknown): void {
    e.info.state = state;
    e.info.endedAt = new Date().toISOString();
    if (err) e.info.error = err instanceof Error ? err.message : String(err);
    this.active.delete(e.info.id);
    this.done.unshift({ ...e.info });
    this.done.length = Math.min(this.done.length, 50);
    this.changed();
    this.pump();
  }

  private changed(): void {
    this.emit('change', this.state());
  }
}
