/**
 * Board emulator: the host-built agent (boards/agent, `make host`) on one end of a socat
 * pseudo-terminal pair; the other end is the "board's serial port" for the workbench. Everything the
 * agent reports in this mode says mode=emulated in its hello, and the session labels it so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync, readdirSync, openSync, closeSync, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { EventEmitter } from 'node:events';
import { WorkbenchError, toolError } from '../core/errors';
import { loadBoard } from '../boards/registry';
import { emulatedRails, type EmuRail } from './emu-model';
import { repoRoot } from '../core/app-dirs';

export function agentDir(): string {
  if (process.env.FPGA_WORKBENCH_AGENT_DIR) return process.env.FPGA_WORKBENCH_AGENT_DIR;
  return path.join(repoRoot(), 'boards', 'agent');
}

export const hostAgentPath = (): string => path.join(agentDir(), 'build', 'host', 'fw-agent');

function run(cmd: string, args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (err) {
      reject(toolError(`${what}: cannot start ${cmd}: ${(err as Error).message}`));
      return;
    }
    child.stdout?.on('data', (d) => (out += d));
    child.stderr?.on('data', (d) => (out += d));
    child.on('error', (err) =>
      reject(toolError(`${what}: cannot run ${cmd}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? `${cmd} is not installed` : err.message}`)),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new WorkbenchError('E_TOOL', `${what} failed (exit ${code})`, { step: what }, out.trim().split('\n').slice(-15)))));
  });
}

/** Build the host agent with make when it is missing or older than its sources. */
export async function ensureHostAgent(): Promise<string> {
  const bin = hostAgentPath();
  const dir = agentDir();
  const srcDir = path.join(dir, 'src');
  const newest = Math.max(
    statSync(path.join(dir, 'Makefile')).mtimeMs,
    ...readdirSync(srcDir).map((f) => statSync(path.join(srcDir, f)).mtimeMs),
  );
  if (existsSync(bin) && statSync(bin).mtimeMs >= newest) return bin;
  await run('make', ['-C', dir, 'host'], 'make -C boards/agent host');
  return bin;
}

export interface EmulatorOptions {
  board: string;
  /** mean inference latency (the plan's estimate), ms */
  latencyMs?: number;
  jitterPct?: number;
  /** PL power estimate, W (split over the board's rails) */
  plPowerW?: number;
  /** per-rail estimates, W, by rail name (override the split) */
  railWatts?: Record<string, number>;
  noisePct?: number;
  seed?: number;
  /** test hook: corrupt the agent's output at this many bytes per million (after the CRC) */
  corruptPpm?: number;
  /** emulated kernel console chatter every N ms (0 = none) */
  chatterMs?: number;
  /**
   * Stable symlinks for both pty ends (socat link=): needed to emulate a cable pull, where the
   * pty pair is torn down and recreated under the same names.
   */
  linkDir?: string;
  ring?: number;
}

export interface SocatPair {
  proc: ChildProcess;
  a: string;
  b: string;
}

/** Start `socat -d -d pty,raw,echo=0[,link=…] pty,raw,echo=0[,link=…]` and read the two pty paths it reports. */
export function startSocat(links?: { a: string; b: string }, timeoutMs = 5000): Promise<SocatPair> {
  const end = (link?: string) => `pty,raw,echo=0${link ? `,link=${link}` : ''}`;
  return new Promise((resolve, reject) => {
    const proc = spawn('socat', ['-d', '-d', end(links?.a), end(links?.b)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const paths: string[] = [];
    const timer = setTimeout(() => {
      proc.kill('SIGTERM');
      reject(toolError(`socat did not report two pty paths within ${timeoutMs} ms: ${err.trim().slice(-300)}`));
    }, timeoutMs);
    proc.on('error', (e) => {
      clearTimeout(timer);
      reject(toolError((e as NodeJS.ErrnoException).code === 'ENOENT' ? 'socat is not installed (apt-get install socat)' : `cannot start socat: ${e.message}`));
    });
    proc.stderr!.on('data', (d) => {
      err += d;
      for (const m of String(d).matchAll(/PTY is (\S+)/g)) paths.push(m[1]);
      if (paths.length === 2) {
        clearTimeout(timer);
        // "starting data transfer loop" follows; the ptys exist now
        resolve({ proc, a: links?.a ?? paths[0], b: links?.b ?? paths[1] });
      }
    });
    proc.on('exit', (code) => {
      if (paths.length < 2) {
        clearTimeout(timer);
        reject(toolError(`socat exited (${code}) before reporting its ptys: ${err.trim().slice(-300)}`));
      }
    });
  });
}

export interface EmulatorInfo {
  /** the path the workbench (or a demo terminal) opens */
  hostPath: string;
  agentPath: string;
  board: string;
  rails: EmuRail[];
  latencyMs: number;
  seed: number;
}

export class BoardEmulator extends EventEmitter {
  agent?: ChildProcess;
  socat?: ChildProcess;
  agentLog = '';
  private stopping = false;

  constructor(
    readonly info: EmulatorInfo,
    private readonly links?: { a: string; b: string },
  ) {
    super();
  }

  private heldFd?: number;

  /**
   * Keep our own fd on the agent's pty end: when the agent dies, socat then sees no EOF and the host's
   * port stays open but silent — what a board shows when its agent crashes with the cable still in.
   */
  private hold(agentEnd: string): void {
    this.release();
    try {
      this.heldFd = openSync(agentEnd, fsConstants.O_RDWR | fsConstants.O_NOCTTY | fsConstants.O_NONBLOCK);
    } catch {
      this.heldFd = undefined;
    }
  }

  private release(): void {
    if (this.heldFd !== undefined) {
      try {
        closeSync(this.heldFd);
      } catch {
        /* already closed */
      }
      this.heldFd = undefined;
    }
  }

  /** @internal */
  attach(pair: SocatPair, agent: ChildProcess): void {
    this.hold(pair.a);
    this.socat = pair.proc;
    this.agent = agent;
    agent.stderr?.on('data', (d) => (this.agentLog = (this.agentLog + d).slice(-4000)));
    agent.on('exit', (code, sig) => {
      if (!this.stopping) this.emit('agent-exit', { code, signal: sig });
    });
    pair.proc.on('exit', (code) => {
      if (!this.stopping) this.emit('socat-exit', { code });
    });
  }

  /** Kill the agent (test: "the board's agent crashed"). */
  killAgent(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.agent?.kill(signal);
  }

  /**
   * Tear the pty pair down for `ms` and bring it back under the same names: what the host sees when a
   * USB cable is pulled and plugged back; the agent keeps measuring and reopens its tty.
   */
  async pullCable(ms: number): Promise<void> {
    if (!this.links) throw new WorkbenchError('E_INPUT', 'pullCable needs an emulator started with linkDir');
    const old = this.socat;
    this.stopping = true;
    this.release();
    await new Promise<void>((resolve) => {
      if (!old || old.exitCode !== null) return resolve();
      old.once('exit', () => resolve());
      old.kill('SIGTERM');
    });
    this.stopping = false;
    await new Promise((r) => setTimeout(r, ms));
    const pair = await startSocat(this.links);
    this.hold(pair.a);
    this.socat = pair.proc;
    pair.proc.on('exit', (code) => {
      if (!this.stopping) this.emit('socat-exit', { code });
    });
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const wait = (p?: ChildProcess) =>
      new Promise<void>((resolve) => {
        if (!p || p.exitCode !== null || p.signalCode !== null) return resolve();
        const t = setTimeout(() => p.kill('SIGKILL'), 2000);
        p.once('exit', () => (clearTimeout(t), resolve()));
        p.kill('SIGTERM');
      });
    await wait(this.agent);
    this.release();
    await wait(this.socat);
  }
}

export async function startEmulator(opts: EmulatorOptions): Promise<BoardEmulator> {
  const board = loadBoard(opts.board);
  const bin = await ensureHostAgent();
  const latencyMs = opts.latencyMs ?? 5;
  if (!(latencyMs > 0)) throw new WorkbenchError('E_INPUT', 'latency must be > 0 ms', { field: 'latency-ms' });
  const seed = (opts.seed ?? 1) >>> 0;
  const rails = emulatedRails(board, { plPowerW: opts.plPowerW, noisePct: opts.noisePct, railWatts: opts.railWatts });
  const links = opts.linkDir ? { a: path.join(opts.linkDir, 'agent-tty'), b: path.join(opts.linkDir, 'board-tty') } : undefined;
  const pair = await startSocat(links);
  const args = [
    '--tty', pair.a,
    '--board', board.id,
    '--backend', 'host',
    '--latency-ms', String(latencyMs),
    '--jitter-pct', String(opts.jitterPct ?? 5),
    '--seed', String(seed),
    ...rails.flatMap((r) => ['--emu-rail', `${r.name}=${r.meanUw}:${r.noiseUw}`]),
    ...(opts.corruptPpm ? ['--corrupt-ppm', String(opts.corruptPpm)] : []),
    ...(opts.chatterMs ? ['--chatter-ms', String(opts.chatterMs)] : []),
    ...(opts.ring ? ['--ring', String(opts.ring)] : []),
  ];
  const agent = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const emu = new BoardEmulator({ hostPath: pair.b, agentPath: pair.a, board: board.id, rails, latencyMs, seed }, links);
  emu.attach(pair, agent);
  // wait for the agent's banner (it has opened its tty) or its death
  await new Promise<void>((resolve, reject) => {
    const done = (err?: Error) => {
      clearTimeout(t);
      agent.stderr?.off('data', onData);
      agent.off('exit', onExit);
      agent.off('error', onError);
      if (err) {
        pair.proc.kill('SIGTERM');
        reject(err);
      } else resolve();
    };
    const onData = () => done();
    const onExit = (code: number | null) => done(toolError(`the host agent exited at start (code ${code}): ${emu.agentLog.trim()}`));
    const onError = (e: Error) => done(toolError(`cannot start ${bin}: ${e.message}`));
    const t = setTimeout(() => done(), 2000);
    agent.stderr?.on('data', onData);
    agent.on('exit', onExit);
    agent.on('error', onError);
  });
  return emu;
}
