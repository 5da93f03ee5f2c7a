import type { LogEntry, ProjectInfo } from './contract';
import type { ImportedModel } from '../graph/import-model';
import { EventBus } from './event-bus';
import { JobRegistry } from './jobs';

/** State one running workbench (desktop main process or lab server) holds for all its clients. */
export class AppContext {
  readonly bus = new EventBus();
  readonly jobs = new JobRegistry(this.bus);
  project: ProjectInfo | null = null;
  /** The model last imported, shared by the estimate, generate and explore handlers. */
  model: { source: string; imported: ImportedModel } | null = null;
  private logs: LogEntry[] = [];
  private disposers: Array<() => void> = [];

  constructor(readonly mode: 'desktop' | 'serve') {}

  log(level: LogEntry['level'], source: string, message: string): void {
    const e: LogEntry = { time: new Date().toISOString(), level, source, message };
    this.logs.push(e);
    if (this.logs.length > 1000) this.logs.splice(0, this.logs.length - 1000);
    this.bus.emit('log.entry', e);
  }

  recentLogs(limit = 200): LogEntry[] {
    return this.logs.slice(-limit);
  }

  /** Run fn when this context shuts down (API sections stop their queues, sessions, emulators). */
  onDispose(fn: () => void): void {
    this.disposers.push(fn);
  }

  dispose(): void {
    for (const fn of this.disposers.splice(0).reverse()) {
      try { fn(); } catch (err) { this.log('error', 'app', `shutdown: ${(err as Error).message}`); }
    }
    this.jobs.cancelAll();
  }
}
