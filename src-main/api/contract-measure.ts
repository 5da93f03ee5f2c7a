/**
 * API contract section: Board and Power views: boards, serial ports, the board emulator, measurement
 * sessions and their live samples. Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports,
 * and only from modules without Node imports (the renderer type-checks this file).
 *
 * One connection per workbench (one board on the desk). Every figure and sample batch carries the label
 * the agent's hello gave it: 'emulated' for the host-built agent, never shown as 'measured'.
 */
import type { BoardSpec } from '../boards/board-spec';
import type { AgentHello, MeasurementSummary, PortEntry, SessionStats } from '../measure/types';
import type { Figure } from '../core/figure';

export type { AgentHello, MeasurementSummary, PortEntry, SessionStats, MeasureStats, RailStat, LinkStats } from '../measure/types';
export type { PortInfoLike, UsbMatch } from '../boards/board-spec';

/** What the UI calls the link's state (the session's finer states folded into five). */
export type MeasureLinkState = 'connecting' | 'open' | 'measuring' | 'lost' | 'closed';

export interface EmulatorDto {
  /** The port to connect to (a pseudo-terminal: never in ports.list). */
  port: string;
  board: string;
  latencyMs: number;
  /** Mean power the emulator was started with per rail (its samples are these plus noise). */
  rails: Array<{ name: string; meanW: number }>;
  source: 'emulated';
  startedAt: string;
}

export interface MeasureStatusDto {
  emulator: EmulatorDto | null;
  /** The open connection, if any. */
  connection: {
    port: string;
    board: string;
    state: MeasureLinkState;
    message?: string;
    hello: AgentHello;
    /** The agent's label: every figure from this connection carries it. */
    source: 'emulated' | 'measured';
    /** Rail name → group, from the board file (PL / PS / MGT / board). */
    railGroups: Record<string, 'PL' | 'PS' | 'MGT' | 'board'>;
  } | null;
  /** The measurement running now, if any. */
  measuring: { run: string; runId: string | null; rateHz: number; startedAt: string } | null;
  stats: SessionStats | null;
  /** The last measurement that ended on this connection. */
  last: MeasurementSummary | null;
}

export interface MeasureStartParams {
  /** Power samples per second (default 1000; 0 = latency only). */
  rate?: number;
  /** Stop after this long (default: until measure.stop). */
  seconds?: number;
  /** Stop after this many inferences. */
  inferences?: number;
}

export interface MeasureStartResult {
  run: string;
  /** Run record id in the open project (null when no project is open: samples stay in memory). */
  runId: string | null;
  recordDir: string | null;
  source: 'emulated' | 'measured';
  rails: string[];
}

/** A past measurement of the open project (a run record of kind 'measure'). */
export interface MeasureSessionInfo {
  runId: string;
  createdAt: string;
  status: string;
  board?: string;
  port?: string;
  source?: 'emulated' | 'measured';
  reason?: string;
  message?: string;
  figures: Record<string, Figure>;
  hasSamples: boolean;
}

/**
 * One batch of live samples for the UI (at most ~20 per second). Power: µW per rail in `rails` order,
 * agent timestamps in µs. Latency: one value per inference, ns.
 */
export interface MeasureSamplesEvent {
  run: string;
  source: 'emulated' | 'measured';
  rails: string[];
  power: { t: number[]; uw: number[][] };
  latency: { t: number[]; ns: number[] };
  /** Link sequence numbers of the batches folded in, and how many samples this buffer dropped (UI too slow). */
  seq: { first: number; last: number; batches: number; droppedPower: number; droppedLatency: number };
  /** Server wall-clock µs when this message left (for the sample-to-UI latency probe). */
  sentUs: number;
}

export interface MeasureMethods {
  'boards.get': { params: { id: string }; result: BoardSpec };
  /** Serial ports with autodetect hints (pseudo-terminals are not listed: enter their path by hand). */
  'ports.list': { params: Record<string, never>; result: PortEntry[] };
  /** Start the host-built agent behind a socat pty pair, for a demo without a board (labelled emulated). */
  'measure.emulator.start': {
    params: { board: string; latencyMs?: number; plPowerW?: number; railWatts?: Record<string, number>; chatterMs?: number };
    result: EmulatorDto;
  };
  'measure.emulator.stop': { params: Record<string, never>; result: { stopped: boolean } };
  'measure.status': { params: Record<string, never>; result: MeasureStatusDto };
  'measure.connect': { params: { port: string; board: string }; result: MeasureStatusDto };
  'measure.disconnect': { params: Record<string, never>; result: { closed: boolean } };
  'measure.start': { params: MeasureStartParams; result: MeasureStartResult };
  /** Stop the running measurement; resolves with its summary once missing batches were fetched again. */
  'measure.stop': { params: Record<string, never>; result: MeasurementSummary };
  'measure.stats': { params: Record<string, never>; result: SessionStats | null };
  /**
   * CSV of a measurement's samples (the newest of this connection, or `runId` of the open project).
   * With `file` it is written there (atomically); without, the text comes back.
   */
  'measure.exportCsv': { params: { file?: string; runId?: string }; result: { file?: string; csv?: string; rows: number; source: 'emulated' | 'measured' | 'unknown' } };
  'measure.sessions': { params: Record<string, never>; result: MeasureSessionInfo[] };
}

export interface MeasureEvents {
  'measure.state': { state: MeasureLinkState; message?: string; port?: string; board?: string; source?: 'emulated' | 'measured' };
  /** Console lines of the board (Linux chatter between frames), batched; warnings of the link too. */
  'measure.console': { lines: Array<{ kind: 'console' | 'warning'; text: string }> };
  'measure.samples': MeasureSamplesEvent;
  'measure.stats': SessionStats;
  /** One per measurement, with its final statistics and why it ended. */
  'measure.ended': MeasurementSummary;
  'measure.emulator': { running: boolean; emulator: EmulatorDto | null; message?: string };
}
