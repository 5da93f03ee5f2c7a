/**
 * Run record and user settings types, declared once for project/runs.ts, project/settings.ts and the API
 * contract. Types only, importing nothing that reaches Node (the renderer type-checks the contract
 * without @types/node).
 */
import type { Figure } from '../core/figure';

export type StepStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted' | 'skipped';
export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';

export interface RunStepRecord {
  name: string;
  status: StepStatus;
  startedAt?: string;
  endedAt?: string;
  exitCode?: number | null;
  /** Relative to the run directory. */
  logPath?: string;
  /** First ERROR (or CRITICAL WARNING) lines: `{ line, id, text }`. */
  firstErrors: Array<{ line: number; id: string; severity: string; text: string }>;
  counts?: { error: number; criticalWarning: number; warning: number };
  progress?: { stage: string; percent: number };
  /** Why it stopped / was skipped, in one sentence. */
  reason?: string;
  /** Step process id (its process group id too), for diagnosis after an interruption. */
  pid?: number;
  /** Start time (clock ticks since boot) of that process, so a reused pid is never mistaken for it. */
  pidStartTicks?: string;
}

export interface RunReportRecord {
  kind: string;
  /** Relative to the project dir when inside it. */
  file: string;
  tool?: string;
  toolVersion?: string;
  data: unknown;
}

export interface RunOwner { pid: number; host: string; bootId?: string; startTicks?: string }

export interface Run {
  schema: 1;
  id: string;
  kind: 'build' | string;
  planHash?: string;
  projectDir: string;
  createdAt: string;
  updatedAt: string;
  status: RunStatus;
  owner: RunOwner;
  steps: RunStepRecord[];
  reports: RunReportRecord[];
  /** Key figures (lut, ff, dsp, bram18k, latencyCycles, fmaxMHz, wnsNs, powerTotalW, …). */
  figures: Record<string, Figure>;
  /** Tools used, e.g. { hls: 'vitis_hls 2023.2 /tools/…' }. */
  tools?: Record<string, string>;
}

export interface RunSummary {
  id: string;
  kind: string;
  status: RunStatus;
  createdAt: string;
  updatedAt: string;
  durationMs?: number;
  steps: Array<{ name: string; status: StepStatus }>;
  figures: Record<string, Figure>;
}

export interface CompareRow {
  key: string;
  unit: string;
  a?: Figure;
  b?: Figure;
  /** b − a, when both exist with the same unit. */
  delta?: number;
}

export interface RunComparison {
  a: RunSummary;
  b: RunSummary;
  rows: CompareRow[];
}

/** User settings (userDataDir()/settings.json). */
export interface UserSettings {
  /** Install dirs, bin dirs or roots to scan for vitis_hls / vitis-run / vivado_hls / vivado. */
  toolPaths: string[];
  /** settings64.sh scripts of Xilinx installs (the tool environment is read from them). */
  settings64: string[];
  /** Builds running at once; vendor tools are heavy, so 1 by default. */
  queueLimit: number;
}
