/**
 * BoardLink: the host side of the board protocol (boards/protocol.md) over any byte transport.
 * It owns framing, the hello/ready handshake, request ids and timeouts, heartbeats, and the batch
 * bookkeeping: sequence gaps → nak (retransmit from the agent's ring), duplicates dropped, rejects
 * counted. It knows nothing about serial ports or files (session.ts does).
 */
import { WorkbenchError } from '../core/errors';
import type { AgentHello, EndInfo, Heartbeat } from './types';

export type { AgentHello, EndInfo, Heartbeat } from './types';
import {
  LineSplitter,
  PROTOCOL_VERSION,
  decodeLine,
  encodeFrame,
  parseLatencyBatch,
  parsePowerBatch,
  uint,
  type Fields,
  type Frame,
  type LatencyBatch,
  type PowerBatch,
} from './frame';




export interface LinkCounters {
  framesOk: number;
  rejects: { crc: number; syntax: number; length: number; content: number };
  consoleLines: number;
  overflowBytes: number;
  batches: number;
  /** a batch received twice that we had not asked for again (should not happen on a sane link) */
  duplicates: number;
  /** extra copies of batches we had asked for again (a retransmit raced a slow reply); dropped */
  retransmitDuplicates: number;
  lostBatches: number;
  retransmitRequests: number;
  recovered: number;
  staleRun: number;
}

export interface LinkHandlers {
  onPower?: (b: PowerBatch) => void;
  onLatency?: (b: LatencyBatch) => void;
  onConsole?: (line: string) => void;
  onHeartbeat?: (hb: Heartbeat) => void;
  onEnd?: (e: EndInfo) => void;
  /**
   * The agent accepted a `start` (reply fields, incl. the run id `r`). Called synchronously before the
   * request resolves, so batches that follow in the same chunk already find the run set up.
   */
  onStartAccepted?: (fields: Fields) => void;
  /** a frame with a valid CRC that the link could not use (unknown type, bad content) */
  onProtocolWarning?: (msg: string) => void;
}

export interface LinkOptions {
  requestTimeoutMs?: number;
  /** re-ask for a missing batch after this long */
  nakRetryMs?: number;
  /** give up on a missing batch after this many asks (then it is counted lost) */
  nakMaxAttempts?: number;
  /** widest gap we track; beyond that the agent's ring cannot help anyway */
  maxTrackedGap?: number;
  now?: () => number;
}

interface Pending {
  resolve: (f: Fields) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
  type: string;
}

const hexNonce = (): string => {
  let s = '';
  for (let i = 0; i < 16; i++) s += Math.floor(Math.random() * 16).toString(16);
  return s;
};

export class BoardLink {
  readonly counters: LinkCounters = {
    framesOk: 0,
    rejects: { crc: 0, syntax: 0, length: 0, content: 0 },
    consoleLines: 0,
    overflowBytes: 0,
    batches: 0,
    duplicates: 0,
    retransmitDuplicates: 0,
    lostBatches: 0,
    retransmitRequests: 0,
    recovered: 0,
    staleRun: 0,
  };
  hello?: AgentHello;
  /** wall-clock ms (host) of the last valid frame: the session's liveness check */
  lastFrameAt = 0;
  /** estimated host_wall_us − agent_wall_us (minimum over frames, i.e. the fastest transit) */
  clockOffsetUs?: number;

  private splitter: LineSplitter;
  private nextId = 1;
  private pending = new Map<string, Pending>();
  private opts: Required<LinkOptions>;
  // batch bookkeeping for the current run
  private run?: string;
  private acked = 0; // every seq below this has been received or declared lost
  private above = new Set<number>(); // received seqs >= acked
  private highest = 0; // one past the highest seq known to exist
  private asked = new Map<number, { at: number; attempts: number }>();
  /** every seq we have nak'ed (recent ones only), to tell retransmit copies from true duplicates */
  private naked = new Set<number>();
  /** smoothed request round trip, ms: the nak retry waits at least 2.5 × this */
  private srttMs?: number;
  private nakTimer?: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly write: (data: string) => void,
    private readonly handlers: LinkHandlers = {},
    opts: LinkOptions = {},
  ) {
    this.opts = {
      requestTimeoutMs: opts.requestTimeoutMs ?? 1500,
      nakRetryMs: opts.nakRetryMs ?? 150,
      nakMaxAttempts: opts.nakMaxAttempts ?? 40,
      maxTrackedGap: opts.maxTrackedGap ?? 8192,
      now: opts.now ?? Date.now,
    };
    this.splitter = new LineSplitter(
      (line) => this.onLine(line),
      (n) => {
        this.counters.overflowBytes += n;
      },
    );
  }

  /** Feed received bytes. */
  push(chunk: Buffer | string): void {
    this.splitter.push(chunk);
  }

  /** Send a request and wait for its ok (resolves with the reply fields) or err (rejects). */
  request(type: string, fields: Fields = {}, timeoutMs = this.opts.requestTimeoutMs): Promise<Fields> {
    if (this.closed) return Promise.reject(new WorkbenchError('E_PROTOCOL', 'link is closed'));
    const id = String(this.nextId++);
    const sentAt = this.opts.now();
    return new Promise<Fields>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new WorkbenchError('E_PROTOCOL', `agent did not answer '${type}' within ${timeoutMs} ms`, { step: type }));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (f) => {
          const rtt = this.opts.now() - sentAt;
          this.srttMs = this.srttMs === undefined ? rtt : 0.8 * this.srttMs + 0.2 * rtt;
          resolve(f);
        },
        reject,
        timer,
        type,
      });
      this.write(encodeFrame(type, { id, ...fields }));
    });
  }

  /**
   * Handshake: hello (our nonce) → agent hello (echo + its nonce) → ready (echo its nonce) → ok.
   * Retries the hello because the first bytes on a freshly opened tty are often eaten by a partial line.
   */
  async handshake(totalTimeoutMs = 5000): Promise<AgentHello> {
    const deadline = this.opts.now() + totalTimeoutMs;
    let lastErr: unknown;
    while (this.opts.now() < deadline) {
      const nonce = hexNonce();
      try {
        const h = await this.request('hello', { v: String(PROTOCOL_VERSION), nonce }, Math.min(700, Math.max(100, deadline - this.opts.now())));
        if (h.echo !== nonce) throw new WorkbenchError('E_PROTOCOL', 'agent hello did not echo our nonce (a stale reply from an earlier session?)');
        const version = uint(h, 'v');
        const min = h.min ? uint(h, 'min') : version;
        if (PROTOCOL_VERSION < min || PROTOCOL_VERSION > version)
          throw new WorkbenchError('E_PROTOCOL', `agent speaks protocol v${min}..v${version}, this workbench speaks v${PROTOCOL_VERSION}: update the agent on the board`);
        if (h.mode !== 'emulated' && h.mode !== 'measured') throw new WorkbenchError('E_PROTOCOL', `agent hello has no valid mode (${h.mode})`);
        await this.request('ready', { echo: h.nonce });
        this.hello = {
          version,
          agent: h.agent ?? 'unknown',
          mode: h.mode,
          board: h.board ?? 'unknown',
          backend: h.backend ?? 'unknown',
          rails: !h.rails || h.rails === '-' ? [] : h.rails.split(','),
          state: h.st === 'run' ? 'run' : 'idle',
          run: h.r ?? '',
          nextSeq: h.nq ? uint(h, 'nq') : 0,
          agentTimeUs: h.t ? uint(h, 't') : 0,
        };
        return this.hello;
      } catch (err) {
        lastErr = err;
        if (err instanceof WorkbenchError && /protocol v/.test(err.message)) throw err;
      }
    }
    throw new WorkbenchError(
      'E_PROTOCOL',
      `no agent answered on this port within ${totalTimeoutMs} ms (is fw-agent running on the board, on this tty?)${lastErr ? `: ${(lastErr as Error).message}` : ''}`,
    );
  }

  /**
   * Track batches of a run: called by the link itself when a `start` is accepted, and by the session
   * after a reconnect with the agent's `nq` (then only the highest known seq moves; bookkeeping stays).
   */
  beginRun(run: string, resumeFromSeq?: number): void {
    if (this.run !== run) {
      this.run = run;
      this.acked = 0;
      this.above.clear();
      this.asked.clear();
      this.naked.clear();
      this.highest = 0;
    }
    if (resumeFromSeq !== undefined) this.noteHighest(resumeFromSeq);
    this.scheduleNak();
  }

  get currentRun(): string | undefined {
    return this.run;
  }

  /** Batches known to exist but not (yet) received. */
  get missing(): number {
    return this.highest - this.acked - this.above.size;
  }

  get batchesExpected(): number {
    return this.highest;
  }

  /** Everything missing now counts as lost (end of session). */
  giveUpMissing(): number {
    const n = this.missing;
    this.counters.lostBatches += n;
    this.acked = this.highest;
    this.above.clear();
    this.asked.clear();
    return n;
  }

  close(): void {
    this.closed = true;
    if (this.nakTimer) clearTimeout(this.nakTimer);
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new WorkbenchError('E_PORT', `link closed while waiting for '${p.type}'`));
      this.pending.delete(id);
    }
  }

  // ---- receive path ----------------------------------------------------------------------

  private onLine(line: string): void {
    const r = decodeLine(line);
    if (r.kind === 'console') {
      if (r.text.length) this.console(r.text);
      return;
    }
    if (r.kind === 'reject') {
      this.counters.rejects[r.reason as 'crc' | 'syntax' | 'length'] = (this.counters.rejects[r.reason as 'crc'] ?? 0) + 1;
      if (r.prefix.trim().length) this.console(r.prefix);
      return;
    }
    if (r.prefix.trim().length) this.console(r.prefix);
    this.counters.framesOk++;
    this.lastFrameAt = this.opts.now();
    try {
      this.onFrame(r.frame);
    } catch (err) {
      // CRC-valid but inconsistent content: never accept it.
      this.counters.rejects.content++;
      this.handlers.onProtocolWarning?.(`${r.frame.type} frame rejected: ${(err as Error).message}`);
    }
  }

  private console(text: string): void {
    this.counters.consoleLines++;
    // show printable text only; the console pane is not a binary dump
    this.handlers.onConsole?.(text.replace(/[^\x20-\x7e\t]/g, '\ufffd'));
  }

  private onFrame(f: Frame): void {
    const t = f.type;
    if (t === 'ok' || t === 'err' || t === 'hello') {
      const id = f.fields.id;
      const p = id ? this.pending.get(id) : undefined;
      if (!p) return; // a late reply to a request that already timed out
      clearTimeout(p.timer);
      this.pending.delete(id!);
      if (t === 'err') p.reject(new WorkbenchError('E_PROTOCOL', `agent refused '${p.type}': ${(f.fields.msg ?? 'error').replace(/_/g, ' ')}`, { step: p.type }));
      else {
        if (p.type === 'start' && f.fields.r) {
          this.beginRun(f.fields.r);
          this.handlers.onStartAccepted?.(f.fields);
        }
        p.resolve(f.fields);
      }
      return;
    }
    if (t === 'hb') {
      const hb: Heartbeat = { tUs: uint(f.fields, 't'), state: f.fields.st === 'run' ? 'run' : 'idle', run: f.fields.r ?? '', nextSeq: uint(f.fields, 'nq'), samples: f.fields.ns ? uint(f.fields, 'ns') : 0, inferences: f.fields.ni ? uint(f.fields, 'ni') : 0 };
      this.noteClock(hb.tUs);
      if (this.run && hb.run === this.run) this.noteHighest(hb.nextSeq);
      this.handlers.onHeartbeat?.(hb);
      return;
    }
    if (t === 'pwr' || t === 'lat') {
      const rails = this.hello?.rails.length ?? 0;
      const b = t === 'pwr' ? parsePowerBatch(f, rails) : parseLatencyBatch(f);
      if (!this.run || b.run !== this.run) {
        this.counters.staleRun++;
        return;
      }
      if (!this.acceptSeq(b.seq)) return;
      this.counters.batches++;
      if (b.t.length) this.noteClock(b.t[b.t.length - 1]);
      if (t === 'pwr') this.handlers.onPower?.(b as PowerBatch);
      else this.handlers.onLatency?.(b as LatencyBatch);
      return;
    }
    if (t === 'end') {
      const e: EndInfo = {
        run: f.fields.r ?? '',
        nextSeq: uint(f.fields, 'nq'),
        samples: uint(f.fields, 'ns'),
        inferences: uint(f.fields, 'ni'),
        why: f.fields.why ?? 'unknown',
        ...(f.fields.msg ? { msg: f.fields.msg.replace(/_/g, ' ') } : {}),
      };
      if (this.run && e.run === this.run) this.noteHighest(e.nextSeq);
      this.handlers.onEnd?.(e);
      return;
    }
    this.handlers.onProtocolWarning?.(`unknown frame type '${t}' ignored`);
  }

  private noteClock(agentUs: number): void {
    const hostUs = (performance.timeOrigin + performance.now()) * 1000;
    const off = hostUs - agentUs;
    if (this.clockOffsetUs === undefined || off < this.clockOffsetUs) this.clockOffsetUs = off;
  }

  /** true when seq is new (and records it); false for a duplicate. */
  private acceptSeq(seq: number): boolean {
    if (seq < this.acked || this.above.has(seq)) {
      if (this.naked.has(seq)) this.counters.retransmitDuplicates++;
      else this.counters.duplicates++;
      return false;
    }
    if (this.asked.has(seq)) {
      this.counters.recovered++;
      this.asked.delete(seq);
    }
    this.above.add(seq);
    this.noteHighest(seq + 1);
    while (this.above.has(this.acked)) {
      this.above.delete(this.acked);
      this.acked++;
    }
    return true;
  }

  private noteHighest(n: number): void {
    if (n <= this.highest) return;
    this.highest = n;
    // bound the tracked window: anything older than maxTrackedGap is beyond the agent's ring
    const floor = this.highest - this.opts.maxTrackedGap;
    while (this.acked < floor) {
      if (!this.above.delete(this.acked)) {
        this.counters.lostBatches++;
        this.asked.delete(this.acked);
      }
      this.acked++;
    }
    if (this.missing > 0) this.scheduleNak();
  }

  private scheduleNak(): void {
    if (this.nakTimer || this.closed) return;
    this.nakTimer = setTimeout(() => {
      this.nakTimer = undefined;
      this.sendNaks();
    }, 20);
  }

  private outstandingNaks = 0;

  /**
   * One round of retransmit requests: every missing seq not asked within nakRetryMs is asked again
   * (ranges merged). Requests are not awaited one by one — a lost reply must not stall the others.
   */
  private get retryMs(): number {
    return Math.max(this.opts.nakRetryMs, 2.5 * (this.srttMs ?? 0));
  }

  private sendNaks(): void {
    if (this.closed || !this.run) return;
    const now = this.opts.now();
    const retryMs = this.retryMs;
    const ranges: Array<[number, number]> = [];
    for (let s = this.acked; s < this.highest && ranges.length < 64 - this.outstandingNaks; s++) {
      if (this.above.has(s)) continue;
      const a = this.asked.get(s);
      if (a && now - a.at < retryMs) continue;
      if (a && a.attempts >= this.opts.nakMaxAttempts) {
        // asked often enough: count it lost and let the watermark pass it
        this.asked.delete(s);
        this.above.add(s);
        this.counters.lostBatches++;
        continue;
      }
      const last = ranges[ranges.length - 1];
      if (last && last[1] === s - 1 && s - last[0] < 4096) last[1] = s;
      else ranges.push([s, s]);
    }
    while (this.above.has(this.acked)) {
      this.above.delete(this.acked);
      this.acked++;
    }
    const run = this.run;
    for (const [from, to] of ranges) {
      for (let s = from; s <= to; s++) {
        const a = this.asked.get(s);
        this.asked.set(s, { at: now, attempts: (a?.attempts ?? 0) + 1 });
        this.naked.add(s);
      }
      if (this.naked.size > 65536) for (const x of this.naked) if (x < this.acked - 8192) this.naked.delete(x);
      this.counters.retransmitRequests++;
      this.outstandingNaks++;
      this.request('nak', { r: run, from: String(from), to: String(to) }, retryMs * 3)
        .then((ok) => {
          if (this.run !== run) return;
          const lo = ok.lo ? uint(ok, 'lo') : 0;
          // the agent's ring no longer holds anything below lo: those batches are lost for good
          while (this.acked < lo) {
            if (!this.above.delete(this.acked)) {
              this.counters.lostBatches++;
              this.asked.delete(this.acked);
            }
            this.acked++;
          }
        })
        .catch(() => {
          /* timed out or refused: asked again next round */
        })
        .finally(() => this.outstandingNaks--);
    }
    if (this.missing > 0 && !this.closed && !this.nakTimer)
      this.nakTimer = setTimeout(() => {
        this.nakTimer = undefined;
        this.sendNaks();
      }, Math.max(10, retryMs / 3));
  }
}
