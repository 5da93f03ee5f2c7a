/**
 * A measurement session on one serial port: connect (hello), start/stop a measurement, append every
 * sample batch to the run record as it arrives, survive a cable pull (reopen + hello + nak the gap),
 * and end cleanly — samples saved, a one-sentence reason — when the agent or the port is gone.
 *
 * Events (all payloads plain JSON-able objects):
 *   'state'    { state, message? }
 *   'hello'    AgentHello
 *   'power'    { run, seq, first, t: number[] (agent µs), values: number[][] (µW), rails, source, recvUs }
 *   'latency'  { run, seq, first, t: number[], latencyNs: number[], source, recvUs }
 *   'console'  { line }
 *   'stats'    SessionStats (4×/s while measuring)
 *   'ended'    MeasurementSummary (one per measurement)
 *   'warning'  { message }
 */
import { EventEmitter } from 'node:events';
import { writeFileAtomic } from '../core/atomic-write';
import { WorkbenchError } from '../core/errors';
import { loadBoard } from '../boards/registry';
import type { BoardSpec } from '../boards/board-spec';
import { BoardLink, type AgentHello, type EndInfo } from './link';
import type { LatencyBatch, PowerBatch } from './frame';
import { openPort } from './ports';
import { RecordWriter, writeSummary } from './record';
import { StatsAccumulator, Reservoir } from './stats';
import type { MeasureStats, MeasurementSummary, SessionState, SessionStats, StartOptions, LinkStats } from './types';

export type * from './types';


/** Byte transport, so tests and the bench can run the session over something other than serialport. */
export interface Transport {
  write(data: string): void;
  onData(cb: (chunk: Buffer) => void): void;
  /** called once when the transport goes away on its own (cable pull, pty gone) */
  onClose(cb: (reason: string) => void): void;
  close(): Promise<void>;
}

export interface ConnectOptions {
  path: string;
  baud?: number;
  /** expected board id (boards/<id>.json): gives rail groups; a mismatch with the agent's board is a warning */
  board?: string;
  /** how long to keep trying to reopen the port after it vanished */
  reconnectWindowMs?: number;
  /** while measuring, no valid frame for this long means the agent is gone */
  heartbeatTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  /** per-attempt handshake timeout when reopening after a loss (two unanswered attempts = agent gone) */
  reopenHandshakeMs?: number;
  /** for tests: open something else than a serial port */
  openTransport?: (path: string) => Promise<Transport>;
}





function serialTransport(path: string, baud: number): Promise<Transport> {
  return openPort(path, baud).then((port) => {
    let closeCb: ((r: string) => void) | undefined;
    let closing = false;
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      if (!closing) closeCb?.(err?.message ?? 'port closed');
    });
    port.on('error', () => {
      /* reported through close */
    });
    return {
      write: (d) => {
        if (port.isOpen) port.write(d);
      },
      onData: (cb) => port.on('data', cb),
      onClose: (cb) => (closeCb = cb),
      close: () =>
        new Promise<void>((resolve) => {
          closing = true;
          if (!port.isOpen) return resolve();
          port.close(() => resolve());
        }),
    };
  });
}

class Measurement {
  readonly acc: StatsAccumulator;
  readonly delivery = new Reservoir(200_000);
  writer?: RecordWriter;
  startedAt = new Date().toISOString();
  agentTotals?: { samples: number; inferences: number };
  endFromAgent?: EndInfo;
  constructor(
    readonly run: string,
    readonly source: 'emulated' | 'measured',
    readonly rails: string[],
    readonly groups: Array<'PL' | 'PS' | 'MGT' | 'board'>,
    readonly opts: StartOptions,
  ) {
    this.acc = new StatsAccumulator(source, rails, groups);
  }
}

export class MeasureSession extends EventEmitter {
  state: SessionState = 'connecting';
  hello?: AgentHello;
  board?: BoardSpec;
  private transport?: Transport;
  private link!: BoardLink;
  private m?: Measurement;
  private reconnects = 0;
  private watchdog?: NodeJS.Timeout;
  private statsTimer?: NodeJS.Timeout;
  private ending?: Promise<MeasurementSummary>;
  private endResolve?: (s: MeasurementSummary) => void;
  private lastSummary?: MeasurementSummary;
  private readonly opts: Required<Omit<ConnectOptions, 'board' | 'openTransport'>> & Pick<ConnectOptions, 'board' | 'openTransport'>;

  constructor(opts: ConnectOptions) {
    super();
    this.opts = {
      baud: 115200,
      reconnectWindowMs: 15_000,
      heartbeatTimeoutMs: 3000,
      handshakeTimeoutMs: 5000,
      reopenHandshakeMs: 2000,
      ...opts,
    };
    if (opts.board) this.board = loadBoard(opts.board);
  }

  /** 'emulated' or 'measured', exactly as the agent's hello said. */
  get source(): 'emulated' | 'measured' {
    if (!this.hello) throw new WorkbenchError('E_PROTOCOL', 'not connected');
    return this.hello.mode;
  }

  get path(): string {
    return this.opts.path;
  }

  /** (a method, so TypeScript does not narrow the state across awaits) */
  stateIs(s: SessionState): boolean {
    return this.state === s;
  }

  private setState(state: SessionState, message?: string): void {
    this.state = state;
    this.emit('state', { state, ...(message ? { message } : {}) });
  }

  /** @internal used by connect() */
  async open(): Promise<void> {
    this.link = new BoardLink((d) => this.transport?.write(d), {
      onPower: (b) => this.onPower(b),
      onLatency: (b) => this.onLatency(b),
      onConsole: (line) => {
        this.emit('console', { line });
        this.m?.writer?.append({ k: 'console', at: new Date().toISOString(), line });
      },
      onHeartbeat: (hb) => {
        if (this.m && hb.run === this.m.run) {
          this.m.agentTotals = { samples: hb.samples, inferences: hb.inferences };
          if (hb.state === 'idle' && this.state === 'measuring') this.beginDrain();
        }
      },
      onEnd: (e) => {
        if (this.m && e.run === this.m.run) {
          this.m.endFromAgent = e;
          this.m.agentTotals = { samples: e.samples, inferences: e.inferences };
          if (this.state === 'measuring') this.beginDrain();
        }
      },
      onStartAccepted: (fields) => this.onStartAccepted(fields),
      onProtocolWarning: (message) => this.emit('warning', { message }),
    });
    await this.attachTransport();
    this.hello = await this.link.handshake(this.opts.handshakeTimeoutMs);
    this.emit('hello', this.hello);
    if (this.board && this.hello.board !== this.board.id)
      this.emit('warning', { message: `agent says board '${this.hello.board}', session expects '${this.board.id}'` });
    if (!this.board) {
      try {
        this.board = loadBoard(this.hello.board);
      } catch {
        /* unknown board id: rails still work, groups default to 'board' */
      }
    }
    this.setState('idle');
  }

  private async attachTransport(): Promise<void> {
    const open = this.opts.openTransport ?? ((p: string) => serialTransport(p, this.opts.baud));
    const t = await open(this.opts.path);
    this.transport = t;
    t.onData((chunk) => this.link.push(chunk));
    t.onClose((reason) => {
      if (this.transport === t) void this.onTransportLost(reason);
    });
    this.link.push('\n'); // whatever partial line the splitter held belongs to the old connection
  }

  /** Start a measurement; resolves once the agent has accepted it. */
  async start(opts: StartOptions = {}): Promise<string> {
    if (this.state !== 'idle') throw new WorkbenchError('E_INPUT', `cannot start a measurement while ${this.state}`, { port: this.opts.path });
    const hello = this.hello!;
    const rateHz = opts.rateHz ?? 1000;
    const fields: Record<string, string> = { rate: String(Math.round(rateHz)) };
    if (opts.seconds) fields.dur = String(Math.round(opts.seconds * 1000));
    if (opts.inferences) fields.n = String(opts.inferences);
    if (opts.runInferences === false) fields.inf = '0';
    fields.mb = String(opts.batchBytes ?? 480);
    fields.fl = String(opts.flushMs ?? 20);
    this.pendingStart = { opts, rateHz };
    let ok: Record<string, string>;
    try {
      ok = await this.link.request('start', fields, 5000);
    } catch (err) {
      // the agent is still running a measurement nobody listens to (an earlier session died): stop it, retry once
      if (!/busy/.test((err as Error).message)) throw err;
      this.emit('warning', { message: 'the agent was still running an earlier measurement; stopped it' });
      await this.link.request('stop', {}, 2000);
      ok = await this.link.request('start', fields, 5000);
    }
    const budget = uartBudget(hello.rails.length, rateHz, this.opts.baud);
    if (!this.opts.path.startsWith('/dev/pts/') && budget.ratio > 0.8)
      this.emit('warning', {
        message: `${rateHz} Hz × ${hello.rails.length} rails needs ~${Math.round(budget.bytesPerSecond)} B/s but ${this.opts.baud} baud carries ~${Math.round(budget.capacity)} B/s: expect retransmissions and loss; lower --rate or raise the baud rate`,
      });
    const run = ok.r;
    const m = this.m;
    if (!run || !m || m.run !== run) throw new WorkbenchError('E_PROTOCOL', 'agent accepted start without a run id');
    await m.writer?.open();
    return run;
  }

  private pendingStart?: { opts: StartOptions; rateHz: number };

  /** Synchronously from the link, before start() resumes: batches may already follow in the same chunk. */
  private onStartAccepted(ok: Record<string, string>): void {
    const ctx = this.pendingStart;
    const hello = this.hello;
    if (!ctx || !hello || !ok.r) return;
    this.pendingStart = undefined;
    const run = ok.r;
    // the label comes from the link (start reply, else hello), never assumed
    const source = ok.mode === 'emulated' || ok.mode === 'measured' ? ok.mode : hello.mode;
    const groups = hello.rails.map((name) => this.board?.power.rails.find((r) => r.name === name)?.group ?? 'board');
    const m = new Measurement(run, source, hello.rails, groups, ctx.opts);
    this.m = m;
    if (ctx.opts.recordDir) {
      m.writer = new RecordWriter(ctx.opts.recordDir); // lines queue until start() has opened it
      m.writer.append({
        k: 'meta', v: 1, run, startedAt: m.startedAt, port: this.opts.path, board: hello.board, source, rails: hello.rails,
        railGroups: groups, agent: hello, rateHz: ctx.rateHz,
      });
    }
    this.ending = new Promise((resolve) => (this.endResolve = resolve));
    this.setState('measuring');
    this.watchdog = setInterval(() => this.checkLiveness(), 200);
    this.statsTimer = setInterval(() => this.emit('stats', this.stats(false)), 250);
  }

  /** Stop the measurement (the agent flushes; missing batches are fetched again) and return its summary. */
  async stop(): Promise<MeasurementSummary> {
    if (!this.m || !this.ending) throw new WorkbenchError('E_INPUT', 'no measurement running');
    if (this.state === 'measuring') {
      try {
        await this.link.request('stop', {}, 2000);
      } catch (err) {
        this.emit('warning', { message: `stop: ${(err as Error).message}` });
      }
      this.beginDrain();
    }
    return this.ending;
  }

  /** Resolves when the current measurement ends (by time, count, stop, or loss of agent/port). */
  whenEnded(): Promise<MeasurementSummary> {
    if (this.ending) return this.ending;
    if (this.lastSummary) return Promise.resolve(this.lastSummary);
    return Promise.reject(new WorkbenchError('E_INPUT', 'no measurement was started'));
  }

  /** Current statistics; `exact` = false (live updates) lets percentiles lag by up to 2 % of the data. */
  stats(exact = true): SessionStats {
    const m = this.m;
    const base: MeasureStats = m
      ? m.acc.snapshot(exact)
      : { source: this.hello?.mode ?? 'measured', powerSamples: 0, latencySamples: 0, rails: [], groups: {} };
    const c = this.link.counters;
    const link: LinkStats = {
      received: { powerSamples: base.powerSamples, latencySamples: base.latencySamples, batches: c.batches },
      lostBatches: c.lostBatches,
      duplicates: c.duplicates,
      retransmitDuplicates: c.retransmitDuplicates,
      crcRejects: c.rejects.crc + c.rejects.syntax + c.rejects.length,
      rejects: { ...c.rejects },
      retransmitRequests: c.retransmitRequests,
      recovered: c.recovered,
      missingNow: this.link.missing,
      consoleLines: c.consoleLines,
      reconnects: this.reconnects,
    };
    if (m?.agentTotals && (this.state !== 'measuring' || m.endFromAgent)) {
      link.lostSamples = {
        power: Math.max(0, m.agentTotals.samples - base.powerSamples),
        latency: Math.max(0, m.agentTotals.inferences - base.latencySamples),
      };
    }
    const out: SessionStats = { ...base, run: m?.run, state: this.state, link };
    if (m && m.delivery.count) {
      out.delivery = {
        p50Ms: m.delivery.percentile(50, exact)! / 1000,
        p99Ms: m.delivery.percentile(99, exact)! / 1000,
        clockNote:
          m.source === 'emulated'
            ? 'agent and host share one clock (emulator)'
            : 'board clock aligned by the fastest frame seen: relative, not absolute, delay',
      };
    }
    return out;
  }

  /** Write the power samples of the last measurement as CSV (from the record when there is one). */
  async exportCsv(file: string, recordDir = this.lastSummary?.recordDir ?? this.m?.opts.recordDir): Promise<void> {
    if (!recordDir) throw new WorkbenchError('E_INPUT', 'this measurement kept no record (start it with recordDir) — nothing to export');
    await exportCsv(recordDir, file);
  }

  async close(): Promise<void> {
    if (this.m && (this.state === 'measuring' || this.state === 'draining' || this.state === 'reconnecting')) {
      try {
        await this.link.request('stop', {}, 1000);
      } catch {
        /* best effort */
      }
      await this.finish('closed', 'session closed by the user');
    }
    this.link?.close();
    const t = this.transport;
    this.transport = undefined;
    await t?.close();
    this.setState('closed');
  }

  // ---- internals ---------------------------------------------------------------------------

  private onPower(b: PowerBatch): void {
    const m = this.m;
    if (!m || b.run !== m.run) return;
    const recvUs = (performance.timeOrigin + performance.now()) * 1000;
    m.acc.addPower(b.values, b.t);
    const off = m.source === 'emulated' ? 0 : (this.link.clockOffsetUs ?? 0);
    for (const t of b.t) m.delivery.add(recvUs - (t + off));
    m.writer?.append({ k: 'pwr', run: b.run, q: b.seq, i: b.first, t: b.t, v: b.values });
    this.emit('power', { run: b.run, seq: b.seq, first: b.first, t: b.t, values: b.values, rails: m.rails, source: m.source, recvUs });
  }

  private onLatency(b: LatencyBatch): void {
    const m = this.m;
    if (!m || b.run !== m.run) return;
    m.acc.addLatency(b.latencyNs);
    m.writer?.append({ k: 'lat', run: b.run, q: b.seq, i: b.first, t: b.t, ns: b.latencyNs });
    this.emit('latency', { run: b.run, seq: b.seq, first: b.first, t: b.t, latencyNs: b.latencyNs, source: m.source, recvUs: (performance.timeOrigin + performance.now()) * 1000 });
  }

  private drainTimer?: NodeJS.Timeout;

  /** The agent has finished: wait (bounded) for retransmissions of what is missing, then finish. */
  private beginDrain(): void {
    if (this.state !== 'measuring') return;
    this.setState('draining');
    const deadline = Date.now() + 10_000;
    let stable = 0;
    const tick = () => {
      if (this.state !== 'draining') return;
      const m = this.m!;
      const totals = m.agentTotals;
      // complete: nothing missing, and the agent's totals (when known) all arrived — unless some
      // batches were already declared lost, when waiting longer cannot help
      const complete =
        this.link.missing === 0 &&
        (!totals || (m.acc.powerCount >= totals.samples && m.acc.latency.count >= totals.inferences) || this.link.counters.lostBatches > 0);
      // one more heartbeat's worth of waiting makes sure the last seq is known
      if (complete) stable++;
      else stable = 0;
      if (stable >= 2 || Date.now() > deadline) {
        const lost = this.link.giveUpMissing();
        const why = m.endFromAgent?.why ?? 'stop';
        const errMsg = m.endFromAgent?.msg;
        void this.finish(
          why === 'error' ? 'error' : why,
          why === 'error'
            ? `the agent stopped the measurement: ${errMsg}`
            : `measurement ended (${why === 'time' ? 'duration reached' : why === 'count' ? 'inference count reached' : 'stopped'})${lost ? `; ${lost} batch(es) could not be recovered` : ''}`,
        );
        return;
      }
      this.drainTimer = setTimeout(tick, 150);
    };
    this.drainTimer = setTimeout(tick, 150);
  }

  private checkLiveness(): void {
    if (this.state !== 'measuring' && this.state !== 'draining') return;
    const silent = Date.now() - this.link.lastFrameAt;
    // Silence has two causes a serial fd cannot tell apart (a pty or USB adapter that vanished does
    // not always wake a pending read): the port is gone, or the agent is. Reopening tells which.
    if (silent > this.opts.heartbeatTimeoutMs) void this.onTransportLost(`no frame for ${(silent / 1000).toFixed(1)} s`, silent);
  }

  private agentLostMessage(silentMs: number): string {
    const n = this.m ? { powerSamples: this.m.acc.powerCount, latencySamples: this.m.acc.latency.count } : undefined;
    return `the agent stopped responding (no frame for ${(silentMs / 1000).toFixed(1)} s while measuring, and it does not answer on a reopened port): it crashed, was killed, or the board reset; ${n?.powerSamples ?? 0} power and ${n?.latencySamples ?? 0} latency samples were kept${this.m?.writer ? ` in ${this.m.writer.file}` : ''}`;
  }

  private async onTransportLost(reason: string, silentMs?: number): Promise<void> {
    if (this.state === 'closed' || this.state === 'reconnecting') return;
    const wasMeasuring = this.state === 'measuring' || this.state === 'draining';
    const old = this.transport;
    this.transport = undefined;
    await old?.close().catch(() => {}); // releases the port lock so it can be reopened
    this.m?.writer?.append({ k: 'event', at: new Date().toISOString(), what: 'disconnected', msg: reason });
    this.setState('reconnecting', `${this.opts.path}: ${reason}; reopening it for up to ${this.opts.reconnectWindowMs / 1000} s`);
    const deadline = Date.now() + this.opts.reconnectWindowMs;
    let lastErr = reason;
    let agentSilent = 0; // reopen worked but no agent answered
    while (Date.now() < deadline && this.stateIs('reconnecting')) {
      await new Promise((r) => setTimeout(r, 300));
      let opened = false;
      try {
        await this.attachTransport();
        opened = true;
        const hello = await this.link.handshake(Math.min(this.opts.reopenHandshakeMs, Math.max(500, deadline - Date.now())));
        this.hello = { ...hello, mode: this.hello?.mode === 'emulated' || hello.mode === 'emulated' ? 'emulated' : 'measured' };
        this.reconnects++;
        this.m?.writer?.append({ k: 'event', at: new Date().toISOString(), what: 'reconnected' });
        if (!this.m || !wasMeasuring) {
          this.setState('idle', 'reconnected');
          return;
        }
        if (hello.run !== this.m.run) {
          await this.finish('agent-lost', `reconnected, but the agent no longer knows run ${this.m.run} (it restarted); the samples received before the disconnect were kept`);
          this.setState('idle');
          return;
        }
        this.link.beginRun(this.m.run, hello.nextSeq); // keeps bookkeeping; naks what was missed meanwhile
        this.link.lastFrameAt = Date.now();
        this.setState('measuring', 'reconnected');
        if (hello.state === 'idle') this.beginDrain();
        return;
      } catch (err) {
        lastErr = (err as Error).message;
        if (opened && ++agentSilent >= 2) {
          // the port is there, the agent is not: keep the port, end the measurement
          if (this.m && wasMeasuring) await this.finish('agent-lost', this.agentLostMessage(silentMs ?? this.opts.heartbeatTimeoutMs));
          this.setState('idle', 'the agent does not answer');
          return;
        }
        const t = this.transport as Transport | undefined;
        this.transport = undefined;
        await t?.close().catch(() => {});
      }
    }
    if (!this.stateIs('reconnecting')) return;
    if (this.m && wasMeasuring) {
      await this.finish(
        'port-lost',
        `${this.opts.path} went away and did not come back within ${this.opts.reconnectWindowMs / 1000} s (cable pulled or board powered off): ${lastErr}; the samples received so far were kept`,
      );
    }
    this.link.close();
    this.setState('closed', `${this.opts.path} is gone`);
  }

  private async finish(reason: string, message: string): Promise<MeasurementSummary> {
    const m = this.m;
    if (!m || !this.endResolve) return this.lastSummary!;
    const resolve = this.endResolve;
    this.endResolve = undefined;
    if (this.watchdog) clearInterval(this.watchdog);
    if (this.statsTimer) clearInterval(this.statsTimer);
    if (this.drainTimer) clearTimeout(this.drainTimer);
    if (this.state === 'measuring' || this.state === 'draining') this.setState('idle', message);
    const stats = this.stats();
    const summary: MeasurementSummary = {
      run: m.run,
      port: this.opts.path,
      board: this.hello!.board,
      source: m.source,
      agent: this.hello!,
      startedAt: m.startedAt,
      endedAt: new Date().toISOString(),
      reason,
      message,
      ...(m.opts.recordDir ? { recordDir: m.opts.recordDir } : {}),
      stats,
    };
    if (m.writer) {
      m.writer.append({ k: 'event', at: summary.endedAt, what: 'ended', msg: message });
      await m.writer.close();
      await writeSummary(m.opts.recordDir!, summary);
      if (m.writer.error) summary.message += `; writing the record failed: ${m.writer.error.message}`;
    }
    this.lastSummary = summary;
    this.ending = undefined;
    this.emit('ended', summary);
    resolve(summary);
    return summary;
  }
}

/** Serial bandwidth a power stream needs (see boards/protocol.md): ~8 bytes per value + row and frame overhead. */
export function uartBudget(rails: number, rateHz: number, baud: number): { bytesPerSecond: number; capacity: number; ratio: number } {
  const bytesPerSecond = rateHz * (8 * rails + 8) * 1.15; // +15 % headers, heartbeats, latency batches
  const capacity = baud / 10; // 8N1: 10 bits per byte
  return { bytesPerSecond, capacity, ratio: bytesPerSecond / capacity };
}

/** Open the port, say hello, and return a ready session (state 'idle'). */
export async function connect(opts: ConnectOptions): Promise<MeasureSession> {
  const s = new MeasureSession(opts);
  try {
    await s.open();
  } catch (err) {
    await s.close().catch(() => {});
    throw err;
  }
  return s;
}

/** CSV of the power samples (and latencies) in a record directory: one row per sample, µW → W. */
export async function exportCsv(recordDir: string, file: string): Promise<void> {
  const { readFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const text = await readFile(path.join(recordDir, 'samples.ndjson'), 'utf8');
  let rails: string[] = [];
  let source = '';
  const seen = new Set<string>();
  const power: Array<[number, number, number[]]> = [];
  const lat: Array<[number, number, number]> = [];
  for (const l of text.split('\n')) {
    if (!l.trim()) continue;
    let o: { k: string; [x: string]: unknown };
    try {
      o = JSON.parse(l);
    } catch {
      continue;
    }
    if (o.k === 'meta') {
      rails = o.rails as string[];
      source = o.source as string;
    } else if (o.k === 'pwr' || o.k === 'lat') {
      const key = `${o.run}:${o.q}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const t = o.t as number[];
      if (o.k === 'pwr') (o.v as number[][]).forEach((row, j) => power.push([(o.i as number) + j, t[j], row]));
      else (o.ns as number[]).forEach((ns, j) => lat.push([(o.i as number) + j, t[j], ns]));
    }
  }
  power.sort((a, b) => a[0] - b[0]);
  lat.sort((a, b) => a[0] - b[0]);
  const lines = [`# source=${source}`, ['kind', 'index', 'agent_time_us', ...rails.map((r) => `${r}_W`), 'latency_ms'].join(',')];
  for (const [i, t, row] of power) lines.push(['power', i, t, ...row.map((v) => (v / 1e6).toFixed(6)), ''].join(','));
  for (const [i, t, ns] of lat) lines.push(['latency', i, t, ...rails.map(() => ''), (ns / 1e6).toFixed(6)].join(','));
  await writeFileAtomic(file, lines.join('\n') + '\n');
}
