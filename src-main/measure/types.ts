/**
 * Measurement DTOs: what the session emits and returns, as plain JSON-able types. No Node imports
 * here, so the API contract and the renderer can import these types directly.
 */
import type { Figure } from '../core/figure';
import type { PortInfoLike, UsbMatch } from '../boards/board-spec';

export interface AgentHello {
  version: number;
  agent: string;
  /** 'emulated' when the agent runs the host backend or emulated rails: this label comes from the agent, never assumed. */
  mode: 'emulated' | 'measured';
  board: string;
  backend: string;
  rails: string[];
  state: 'idle' | 'run';
  run: string;
  nextSeq: number;
  agentTimeUs: number;
}

export interface Heartbeat {
  tUs: number;
  state: 'idle' | 'run';
  run: string;
  nextSeq: number;
  /** samples / inferences produced so far in this run (final once state is idle) */
  samples: number;
  inferences: number;
}

export interface EndInfo {
  run: string;
  nextSeq: number;
  samples: number;
  inferences: number;
  why: string;
  msg?: string;
}

export interface RailStat {
  rail: string;
  group: 'PL' | 'PS' | 'MGT' | 'board';
  meanW: Figure;
  minW: Figure;
  maxW: Figure;
}

export interface MeasureStats {
  source: 'emulated' | 'measured';
  powerSamples: number;
  latencySamples: number;
  /** first/last agent timestamps of power samples (µs) → achieved rate */
  powerRateHz?: Figure;
  latencyP50?: Figure;
  latencyP99?: Figure;
  latencyMean?: Figure;
  rails: RailStat[];
  /** mean power summed per group (PL / PS / MGT / board) and over all rails */
  groups: Record<string, Figure>;
  /** mean power × mean latency, for all rails and for PL (the accelerator) */
  energyPerInference?: { total: Figure; pl?: Figure };
}

export type SessionState = 'connecting' | 'idle' | 'measuring' | 'draining' | 'reconnecting' | 'closed';

export interface StartOptions {
  /** power samples per second (0 = none) */
  rateHz?: number;
  /** stop after this long (0/undefined = until stop()) */
  seconds?: number;
  /** stop after this many inferences (0/undefined = unlimited) */
  inferences?: number;
  /** run inferences at all (false = power only) */
  runInferences?: boolean;
  /** where samples.ndjson and measure.json go; none = memory only */
  recordDir?: string;
  /** max batch payload bytes the agent may send (smaller = less lost per corrupted frame) */
  batchBytes?: number;
  /** max ms a batch waits before being sent */
  flushMs?: number;
}

export interface LinkStats {
  received: { powerSamples: number; latencySamples: number; batches: number };
  lostBatches: number;
  /** samples the agent produced but we never got (known once the agent reports its totals) */
  lostSamples?: { power: number; latency: number };
  /** batches received twice without being asked for again (dropped) */
  duplicates: number;
  /** extra copies of re-requested batches (dropped) */
  retransmitDuplicates: number;
  crcRejects: number;
  rejects: { crc: number; syntax: number; length: number; content: number };
  retransmitRequests: number;
  recovered: number;
  missingNow: number;
  consoleLines: number;
  reconnects: number;
}

export interface SessionStats extends MeasureStats {
  run?: string;
  state: SessionState;
  link: LinkStats;
  /** agent sample timestamp → this process receiving it, ms */
  delivery?: { p50Ms: number; p99Ms: number; clockNote: string };
}

export interface MeasurementSummary {
  run: string;
  port: string;
  board: string;
  source: 'emulated' | 'measured';
  agent: AgentHello;
  startedAt: string;
  endedAt: string;
  /** 'time' | 'count' | 'stop' (the agent ended it) or 'agent-lost' | 'port-lost' | 'closed' | 'error' */
  reason: string;
  message: string;
  recordDir?: string;
  stats: SessionStats;
}

export interface PortEntry extends PortInfoLike {
  /** board hints, best first (console interface first) */
  matches: UsbMatch[];
}

/** Payload of the session's 'power' event: one batch, µW per rail in `rails` order. */
export interface PowerEvent {
  run: string;
  seq: number;
  first: number;
  /** agent wall-clock µs per sample */
  t: number[];
  values: number[][];
  rails: string[];
  source: 'emulated' | 'measured';
  /** host wall-clock µs when the session received the batch */
  recvUs: number;
}

/** Payload of the session's 'latency' event. */
export interface LatencyEvent {
  run: string;
  seq: number;
  first: number;
  t: number[];
  latencyNs: number[];
  source: 'emulated' | 'measured';
  recvUs: number;
}

export interface StateEvent {
  state: SessionState;
  message?: string;
}
