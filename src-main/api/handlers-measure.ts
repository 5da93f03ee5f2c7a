/**
 * Handlers of contract-measure.ts: one board connection (and at most one emulator) per workbench,
 * wrapping measure/session.ts. The session appends every sample to the run record; this layer only
 * batches what the UI sees (≤ 20 messages/s, bounded buffers), labels it with the agent's source and
 * keeps the open project's run record (kind 'measure') up to date.
 *
 * The emulator and the connection each live inside a job, so app.dispose() (server close) cancels the
 * job and that closes the port and stops socat + the agent: nothing outlives the workbench.
 */
import { existsSync, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { userDataDir } from '../core/app-dirs';
import { WorkbenchError, inputError } from '../core/errors';
import { loadBoard } from '../boards/registry';
import { listPorts } from '../measure/ports';
import { startEmulator, type BoardEmulator } from '../measure/emulator';
import { measurementRunFigures } from '../measure/run-figures';
import { connect, exportCsv, type MeasureSession } from '../measure/session';
import type { LatencyEvent, PowerEvent, SessionState, SessionStats, StateEvent, MeasurementSummary } from '../measure/types';
import { listRuns, loadRun, newRun, newRunId, runDir, RunRecorder } from '../project/runs';
import type { AppContext } from './app-context';
import type { MeasureMethods } from './contract';
import type { EmulatorDto, MeasureEvents, MeasureLinkState, MeasureSamplesEvent, MeasureSessionInfo, MeasureStatusDto } from './contract-measure';
import type { HandlersOf } from './handlers';
import { apiError, asObject, num, str } from './validate';

/** UI message rate: one samples/console message per tick at most (20/s). */
const FLUSH_MS = 50;
/** Pending rows kept for the UI between ticks; beyond this the oldest are dropped (and counted). */
const MAX_PENDING_POWER = 20_000;
const MAX_PENDING_LATENCY = 20_000;
const MAX_PENDING_CONSOLE = 200;
/** Largest CSV returned as text over the API; longer runs export to a file. */
const MAX_CSV_TEXT = 64e6;

const linkState = (s: SessionState): MeasureLinkState =>
  s === 'idle' ? 'open' : s === 'measuring' || s === 'draining' ? 'measuring' : s === 'reconnecting' ? 'lost' : s;

const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

interface Connection {
  session: MeasureSession;
  port: string;
  board: string;
  state: MeasureLinkState;
  message?: string;
  release: () => void;
}

interface Running {
  run: string;
  runId: string | null;
  recordDir: string;
  rateHz: number;
  startedAt: string;
  recorder?: RunRecorder;
}

export class MeasureService {
  private emu?: { emulator: BoardEmulator; dto: EmulatorDto; release: () => void; alive: boolean };
  private conn?: Connection;
  private running?: Running;
  private last?: MeasurementSummary;
  private lastStats: SessionStats | null = null;
  private finishing: Promise<void> = Promise.resolve();
  // UI batching
  /** Source of the pending samples, as their session labelled them (from the agent's hello). */
  private pSource: 'emulated' | 'measured' | undefined;
  private pPowerT: number[] = [];
  private pPowerV: number[][] = [];
  private pLatT: number[] = [];
  private pLatNs: number[] = [];
  private pSeq = { first: -1, last: -1, batches: 0, droppedPower: 0, droppedLatency: 0 };
  private pConsole: Array<{ kind: 'console' | 'warning'; text: string }> = [];
  private timer?: NodeJS.Timeout;
  private onExit = () => {
    // last resort when the process exits without dispose(): never leave socat or the agent behind
    this.emu?.emulator.agent?.kill('SIGKILL');
    this.emu?.emulator.socat?.kill('SIGKILL');
  };

  constructor(private readonly app: AppContext) {}

  /** The running emulator (tests use it to kill the agent or pull the cable). */
  get emulator(): BoardEmulator | undefined {
    return this.emu?.emulator;
  }

  // ---- emulator ----------------------------------------------------------------------------

  async startEmulator(p: unknown): Promise<EmulatorDto> {
    const o = asObject(p, 'measure.emulator.start');
    const board = loadBoard(str(o, 'board', 'measure.emulator.start')).id;
    const latencyMs = num(o, 'latencyMs', 'measure.emulator.start', true, 0.001, 60_000);
    const plPowerW = num(o, 'plPowerW', 'measure.emulator.start', true, 0, 1000);
    const chatterMs = num(o, 'chatterMs', 'measure.emulator.start', true, 0, 3_600_000);
    let railWatts: Record<string, number> | undefined;
    if (o.railWatts !== undefined) {
      railWatts = {};
      for (const [k, v] of Object.entries(asObject(o.railWatts, 'measure.emulator.start'))) {
        if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw apiError(`measure.emulator.start: railWatts.${k} must be a number ≥ 0`);
        railWatts[k] = v;
      }
    }
    if (this.emu && !this.emu.alive) await this.stopEmulator();
    if (this.emu) {
      if (this.emu.dto.board === board) return this.emu.dto;
      throw inputError(`an emulated ${this.emu.dto.board} is already running on ${this.emu.dto.port}: stop it first`, { field: 'board' });
    }
    const emulator = await startEmulator({ board, latencyMs, plPowerW, railWatts, chatterMs });
    const dto: EmulatorDto = {
      port: emulator.info.hostPath,
      board,
      latencyMs: emulator.info.latencyMs,
      rails: emulator.info.rails.map((r) => ({ name: r.name, meanW: r.meanUw / 1e6 })),
      source: 'emulated',
      startedAt: new Date().toISOString(),
    };
    const release = this.holdJob('emulator', `Board emulator: ${board} on ${dto.port} (emulated)`, () => this.stopEmulator());
    this.emu = { emulator, dto, release, alive: true };
    process.once('exit', this.onExit);
    // The agent dying is a board crash as far as the session can tell: leave the pty pair up so the
    // session finds the agent silent and ends the measurement as agent-lost, with its samples. The
    // emulator is torn down when the user stops it (or starts another).
    const died = (what: string) => {
      if (this.emu?.emulator !== emulator || !this.emu.alive) return;
      this.emu.alive = false;
      const tail = emulator.agentLog.trim().split('\n').slice(-2).join(' | ');
      const message = `the emulator stopped: ${what}${tail ? ` (${tail})` : ''}`;
      this.app.log('warn', 'measure', message);
      this.app.bus.emit('measure.emulator', { running: false, emulator: dto, message });
    };
    emulator.once('agent-exit', (e: { code: number | null; signal: string | null }) => died(`the agent exited (${e.signal ?? e.code})`));
    emulator.once('socat-exit', (e: { code: number | null }) => died(`socat exited (${e.code})`));
    this.app.log('info', 'measure', `emulated ${board} started on ${dto.port} (everything it reports is labelled emulated)`);
    this.app.bus.emit('measure.emulator', { running: true, emulator: dto });
    return dto;
  }

  async stopEmulator(message?: string): Promise<{ stopped: boolean }> {
    const e = this.emu;
    if (!e) return { stopped: false };
    // close our own connection to it first, or the session would spend its reconnect window on a dead pty
    if (this.conn?.port === e.dto.port) await this.disconnect();
    this.emu = undefined;
    process.off('exit', this.onExit);
    await e.emulator.stop();
    e.release();
    this.app.log(message ? 'warn' : 'info', 'measure', message ?? `emulator on ${e.dto.port} stopped`);
    this.app.bus.emit('measure.emulator', { running: false, emulator: null, ...(message ? { message } : {}) });
    return { stopped: true };
  }

  /**
   * A job that runs until released or cancelled (app.dispose() cancels every job): the owner of a
   * long-lived resource, so closing the server closes the resource.
   */
  private holdJob(kind: string, title: string, onCancel: () => Promise<unknown>): () => void {
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    this.app.jobs.start(kind, title, async (ctx) => {
      await new Promise<void>((resolve) => {
        void released.then(resolve);
        ctx.signal.addEventListener('abort', () => void onCancel().finally(resolve), { once: true });
      });
    });
    return release;
  }

  // ---- connection --------------------------------------------------------------------------

  async connect(p: unknown): Promise<MeasureStatusDto> {
    const o = asObject(p, 'measure.connect');
    const port = str(o, 'port', 'measure.connect').trim();
    const board = loadBoard(str(o, 'board', 'measure.connect')).id;
    if (this.conn) {
      if (this.conn.port === port && this.conn.state !== 'closed') return this.status();
      throw inputError(`already connected to ${this.conn.port}: disconnect first`, { port });
    }
    this.emitState({ state: 'connecting', port, board, message: `opening ${port}` });
    let session: MeasureSession;
    try {
      session = await connect({ path: port, board });
    } catch (err) {
      const msg = (err as Error).message;
      this.emitState({ state: 'closed', port, board, message: msg });
      this.app.log('error', 'measure', msg);
      throw err;
    }
    const conn: Connection = { session, port, board, state: 'open', release: () => {} };
    this.conn = conn;
    conn.release = this.holdJob('measure-link', `Board link: ${port} (${session.source})`, () => this.disconnect());
    session.on('state', (e: StateEvent) => this.onSessionState(conn, e));
    session.on('power', (b: PowerEvent) => this.onPower(b));
    session.on('latency', (b: LatencyEvent) => this.onLatency(b));
    session.on('console', (c: { line: string }) => this.pushConsole('console', c.line));
    session.on('warning', (w: { message: string }) => {
      this.pushConsole('warning', w.message);
      this.app.log('warn', 'measure', w.message);
    });
    session.on('stats', (s: SessionStats) => {
      this.lastStats = s;
      this.app.bus.emit('measure.stats', s);
    });
    session.on('ended', (s: MeasurementSummary) => {
      this.finishing = this.onEnded(s);
    });
    const hello = session.hello!;
    this.app.log('info', 'measure', `connected to ${hello.agent} on ${port}: board ${hello.board}, ${hello.rails.length} rails, ${hello.mode}`);
    this.emitState({ state: 'open', port, board, source: hello.mode, message: `${hello.agent} (${hello.backend} backend), ${hello.rails.length} rails` });
    return this.status();
  }

  async disconnect(): Promise<{ closed: boolean }> {
    const c = this.conn;
    if (!c) return { closed: false };
    this.conn = undefined;
    await c.session.close().catch(() => {});
    await this.finishing;
    this.flush();
    this.stopTimer();
    c.release();
    this.emitState({ state: 'closed', port: c.port, board: c.board, message: `disconnected from ${c.port}` });
    return { closed: true };
  }

  private onSessionState(conn: Connection, e: StateEvent): void {
    const state = linkState(e.state);
    conn.state = state;
    conn.message = e.message;
    if (state === 'closed' && this.conn === conn) {
      // the port went away for good (the session gave up reopening it)
      this.conn = undefined;
      conn.release();
      this.stopTimer();
    }
    this.emitState({ state, port: conn.port, board: conn.board, source: conn.session.hello?.mode, ...(e.message ? { message: e.message } : {}) });
  }

  private emitState(e: MeasureEvents['measure.state']): void {
    this.app.bus.emit('measure.state', e);
  }

  private needConn(what: string): Connection {
    if (!this.conn) throw inputError(`${what}: no board connected (connect to a port first)`);
    return this.conn;
  }

  // ---- measurement -------------------------------------------------------------------------

  async start(p: unknown): Promise<MeasureMethods['measure.start']['result']> {
    const o = asObject(p, 'measure.start');
    const rateHz = num(o, 'rate', 'measure.start', true, 0, 10_000) ?? 1000;
    const seconds = num(o, 'seconds', 'measure.start', true, 0, 7 * 24 * 3600);
    const inferences = num(o, 'inferences', 'measure.start', true, 0, 1e9);
    const c = this.needConn('measure.start');
    if (this.running) throw inputError(`a measurement (${this.running.run}) is already running: stop it first`);
    await this.finishing;
    // The open project's run dir receives the samples; without a project they go to a scratch dir so
    // CSV export still works.
    const project = this.app.project;
    const runRecord = project ? newRun(project.dir, { kind: 'measure', steps: ['measure'] }) : undefined;
    const recordDir = runRecord ? runDir(runRecord.projectDir, runRecord.id) : path.join(userDataDir(), 'measurements', newRunId());
    const recorder = runRecord ? new RunRecorder(runRecord) : undefined;
    this.resetPending();
    const run = await c.session.start({
      rateHz,
      ...(seconds ? { seconds } : {}),
      ...(inferences ? { inferences: Math.round(inferences) } : {}),
      recordDir,
    });
    const startedAt = new Date().toISOString();
    this.running = { run, runId: runRecord?.id ?? null, recordDir, rateHz, startedAt, recorder };
    this.last = undefined;
    this.startTimer();
    await recorder?.update((r) => {
      r.status = 'running';
      r.steps[0].status = 'running';
      r.steps[0].startedAt = startedAt;
    });
    this.app.log('info', 'measure', `measurement ${run} started at ${rateHz} Hz on ${c.port} [${c.session.source}]${runRecord ? `, record in ${recordDir}` : ''}`);
    return { run, runId: runRecord?.id ?? null, recordDir, source: c.session.source, rails: c.session.hello!.rails };
  }

  async stop(): Promise<MeasurementSummary> {
    const c = this.needConn('measure.stop');
    if (!this.running) {
      if (this.last) return this.last;
      throw inputError('measure.stop: no measurement running');
    }
    const s = await c.session.stop();
    await this.finishing;
    return s;
  }

  private async onEnded(s: MeasurementSummary): Promise<void> {
    const r = this.running;
    this.running = undefined;
    this.last = s;
    this.lastStats = s.stats;
    this.flush();
    this.stopTimer();
    const failed = s.reason === 'agent-lost' || s.reason === 'port-lost' || s.reason === 'error';
    if (r?.recorder && r.runId && this.app.project) {
      const projectDir = r.recorder.run.projectDir;
      await r.recorder
        .update((run) => {
          run.status = failed ? 'failed' : 'done';
          run.steps[0].status = failed ? 'failed' : 'done';
          run.steps[0].endedAt = s.endedAt;
          run.steps[0].reason = s.message;
          run.figures = measurementRunFigures(s);
          run.reports.push({
            kind: 'measure',
            file: path.relative(projectDir, path.join(r.recordDir, 'measure.json')),
            data: { source: s.source, run: s.run, board: s.board, port: s.port, reason: s.reason, message: s.message },
          });
        })
        .catch((err) => this.app.log('error', 'measure', `cannot update run record ${r.runId}: ${(err as Error).message}`));
    }
    this.app.log(failed ? 'error' : 'info', 'measure', `measurement ${s.run} ended [${s.source}]: ${s.message}`);
    this.app.bus.emit('measure.ended', s);
  }

  stats(): SessionStats | null {
    if (this.conn && this.running) return this.conn.session.stats();
    return this.last?.stats ?? this.lastStats;
  }

  status(): MeasureStatusDto {
    const c = this.conn;
    let connection: MeasureStatusDto['connection'] = null;
    if (c && c.session.hello) {
      const spec = c.session.board;
      const railGroups: Record<string, 'PL' | 'PS' | 'MGT' | 'board'> = {};
      for (const rail of c.session.hello.rails) railGroups[rail] = spec?.power.rails.find((x) => x.name === rail)?.group ?? 'board';
      connection = { port: c.port, board: c.board, state: c.state, ...(c.message ? { message: c.message } : {}), hello: c.session.hello, source: c.session.hello.mode, railGroups };
    }
    const r = this.running;
    return {
      emulator: this.emu?.dto ?? null,
      connection,
      measuring: r ? { run: r.run, runId: r.runId, rateHz: r.rateHz, startedAt: r.startedAt } : null,
      stats: this.stats(),
      last: this.last ?? null,
    };
  }

  // ---- records -----------------------------------------------------------------------------

  async exportCsv(p: unknown): Promise<MeasureMethods['measure.exportCsv']['result']> {
    const o = asObject(p, 'measure.exportCsv');
    const runId = str(o, 'runId', 'measure.exportCsv', true);
    const file = str(o, 'file', 'measure.exportCsv', true);
    let dir: string | undefined;
    if (runId) {
      if (!this.app.project) throw inputError('measure.exportCsv: no project is open to look up run ' + runId);
      if (!/^[\w.-]+$/.test(runId)) throw apiError(`measure.exportCsv: invalid run id '${runId}'`);
      dir = runDir(this.app.project.dir, runId);
    } else dir = this.last?.recordDir ?? this.running?.recordDir;
    if (!dir) throw inputError('nothing to export yet: run a measurement first');
    if (!existsSync(path.join(dir, 'samples.ndjson'))) throw new WorkbenchError('E_FILE', 'this measurement has no sample record', { file: path.join(dir, 'samples.ndjson') });
    let target: string;
    if (file) {
      if (!path.isAbsolute(file) && !this.app.project) throw inputError(`measure.exportCsv: '${file}' is relative and no project is open: give an absolute path`, { file });
      target = path.isAbsolute(file) ? file : path.join(this.app.project!.dir, file);
    } else target = path.join(os.tmpdir(), `fwb-export-${process.pid}-${Date.now()}.csv`);
    await exportCsv(dir, target);
    if (!file && (await fs.stat(target)).size > MAX_CSV_TEXT) {
      await fs.rm(target, { force: true });
      throw inputError(`this measurement's CSV is larger than ${MAX_CSV_TEXT / 1e6} MB: export it to a file instead`);
    }
    const text = await fs.readFile(target, 'utf8');
    if (!file) await fs.rm(target, { force: true });
    const lines = text.split('\n').filter((l) => l.length > 0);
    const m = /^# source=(\w+)/.exec(lines[0] ?? '');
    const source = m && (m[1] === 'emulated' || m[1] === 'measured') ? m[1] : 'unknown';
    return { ...(file ? { file: target } : { csv: text }), rows: Math.max(0, lines.length - 2), source };
  }

  async sessions(): Promise<MeasureSessionInfo[]> {
    const project = this.app.project;
    if (!project) return [];
    const { runs } = await listRuns(project.dir);
    const out: MeasureSessionInfo[] = [];
    for (const r of runs.filter((x) => x.kind === 'measure').slice(0, 100)) {
      let data: { source?: 'emulated' | 'measured'; board?: string; port?: string; reason?: string; message?: string } = {};
      try {
        const full = await loadRun(project.dir, r.id);
        data = (full.reports.find((x) => x.kind === 'measure')?.data ?? {}) as typeof data;
      } catch {
        /* listed with what the summary has */
      }
      out.push({
        runId: r.id,
        createdAt: r.createdAt,
        status: r.status,
        ...(data.board ? { board: data.board } : {}),
        ...(data.port ? { port: data.port } : {}),
        ...(data.source ? { source: data.source } : {}),
        ...(data.reason ? { reason: data.reason } : {}),
        ...(data.message ? { message: data.message } : {}),
        figures: r.figures,
        hasSamples: existsSync(path.join(runDir(project.dir, r.id), 'samples.ndjson')),
      });
    }
    return out;
  }

  // ---- UI batching -------------------------------------------------------------------------

  private resetPending(): void {
    this.pPowerT = [];
    this.pPowerV = [];
    this.pLatT = [];
    this.pLatNs = [];
    this.pSeq = { first: -1, last: -1, batches: 0, droppedPower: 0, droppedLatency: 0 };
  }

  private noteSeq(seq: number): void {
    if (this.pSeq.first < 0 || seq < this.pSeq.first) this.pSeq.first = seq;
    if (seq > this.pSeq.last) this.pSeq.last = seq;
    this.pSeq.batches++;
  }

  private onPower(b: PowerEvent): void {
    this.pSource = b.source;
    for (let i = 0; i < b.t.length; i++) {
      this.pPowerT.push(b.t[i]);
      this.pPowerV.push(b.values[i]);
    }
    const over = this.pPowerT.length - MAX_PENDING_POWER;
    if (over > 0) {
      this.pPowerT.splice(0, over);
      this.pPowerV.splice(0, over);
      this.pSeq.droppedPower += over;
    }
    this.noteSeq(b.seq);
  }

  private onLatency(b: LatencyEvent): void {
    this.pSource = b.source;
    for (let i = 0; i < b.t.length; i++) {
      this.pLatT.push(b.t[i]);
      this.pLatNs.push(b.latencyNs[i]);
    }
    const over = this.pLatT.length - MAX_PENDING_LATENCY;
    if (over > 0) {
      this.pLatT.splice(0, over);
      this.pLatNs.splice(0, over);
      this.pSeq.droppedLatency += over;
    }
    this.noteSeq(b.seq);
  }

  private pushConsole(kind: 'console' | 'warning', text: string): void {
    this.pConsole.push({ kind, text });
    if (this.pConsole.length > MAX_PENDING_CONSOLE) this.pConsole.splice(0, this.pConsole.length - MAX_PENDING_CONSOLE);
    this.startTimer();
  }

  private startTimer(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.flush(), FLUSH_MS);
    this.timer.unref();
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private flush(): void {
    if (this.pConsole.length) {
      const lines = this.pConsole;
      this.pConsole = [];
      this.app.bus.emit('measure.console', { lines });
    }
    if (!this.pPowerT.length && !this.pLatT.length) {
      if (!this.running && !this.conn) this.stopTimer();
      return;
    }
    const c = this.conn;
    // The label travels with the samples; nothing here assumes 'measured'.
    const source = this.pSource ?? c?.session.hello?.mode ?? this.last?.source;
    if (!source) return this.resetPending();
    // A batch fetched again after a gap arrives late: order each message by agent time.
    const power = sortByTime(this.pPowerT, this.pPowerV);
    const latency = sortByTime(this.pLatT, this.pLatNs);
    const msg: MeasureSamplesEvent = {
      run: this.running?.run ?? this.last?.run ?? '',
      source,
      rails: c?.session.hello?.rails ?? [],
      power: { t: power.t, uw: power.v },
      latency: { t: latency.t, ns: latency.v },
      seq: { ...this.pSeq },
      sentUs: 0,
    };
    this.resetPending();
    msg.sentUs = Math.round(nowUs());
    this.app.bus.emit('measure.samples', msg);
  }

  async dispose(): Promise<void> {
    await this.disconnect();
    await this.stopEmulator();
  }
}

const services = new WeakMap<AppContext, MeasureService>();

/** The app's one measurement service (createHandlers may be called more than once per app). */
export function measureService(app: AppContext): MeasureService {
  let s = services.get(app);
  if (!s) services.set(app, (s = new MeasureService(app)));
  return s;
}

/** Handlers of contract-measure.ts over measure/ and boards/. */
export function measureHandlers(app: AppContext): HandlersOf<MeasureMethods> {
  const svc = measureService(app);
  return {
    'boards.get': async (p) => loadBoard(str(asObject(p, 'boards.get'), 'id', 'boards.get')),
    'ports.list': async () => listPorts(),
    'measure.emulator.start': async (p) => svc.startEmulator(p),
    'measure.emulator.stop': async () => svc.stopEmulator(),
    'measure.status': async () => svc.status(),
    'measure.connect': async (p) => svc.connect(p),
    'measure.disconnect': async () => svc.disconnect(),
    'measure.start': async (p) => svc.start(p),
    'measure.stop': async () => svc.stop(),
    'measure.stats': async () => svc.stats(),
    'measure.exportCsv': async (p) => svc.exportCsv(p),
    'measure.sessions': async () => svc.sessions(),
  };
}

/** Samples in agent-time order (stable), with their values moved alongside. */
function sortByTime<V>(t: number[], v: V[]): { t: number[]; v: V[] } {
  let sorted = true;
  for (let i = 1; i < t.length && sorted; i++) sorted = t[i] >= t[i - 1];
  if (sorted) return { t, v };
  const idx = t.map((_, i) => i).sort((a, b) => t[a] - t[b] || a - b);
  return { t: idx.map((i) => t[i]), v: idx.map((i) => v[i]) };
}
