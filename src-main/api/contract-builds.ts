/**
 * API contract section: Builds and Settings views: tool discovery, one-click builds, run history, report parsing.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 * The DTOs below mirror toolchain/discovery.ts, toolchain/queue.ts and project/runs.ts (which import Node).
 */
import type { Figure } from '../core/figure';
import type { SerializedError } from '../core/errors';

export type BuildStepName = 'generate' | 'csim' | 'csynth' | 'cosim' | 'export' | 'impl' | 'reports';
export type RunStatusName = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type StepStatusName = RunStatusName | 'skipped';
export type LogSeverity = 'error' | 'critical' | 'warning';

/** User settings (userDataDir()/settings.json). */
export interface UserSettingsInfo {
  toolPaths: string[];
  settings64: string[];
  queueLimit: number;
}

export interface FoundToolInfo {
  name: string;
  path: string;
  version?: string;
  /** Where it was found: 'settings', 'XILINX_HLS', 'PATH', 'root /tools/Xilinx', … */
  from: string;
  settings64?: string;
}

export interface ToolsInfo {
  tools: FoundToolInfo[];
  hls?: FoundToolInfo;
  vivado?: FoundToolInfo;
  searched: string[];
  /** Why a build stops at that step, when the tool is missing (what was searched). */
  missing: { hls?: string; vivado?: string };
}

export interface BuildJobInfo {
  id: string;
  label: string;
  runId?: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  enqueuedAt: string;
  startedAt?: string;
  endedAt?: string;
  error?: string;
}

export interface BuildQueueInfo {
  limit: number;
  running: BuildJobInfo[];
  queued: BuildJobInfo[];
  finished: BuildJobInfo[];
}

export interface RunStepInfo {
  name: string;
  status: StepStatusName;
  startedAt?: string;
  endedAt?: string;
  exitCode?: number | null;
  logPath?: string;
  firstErrors: Array<{ line: number; id: string; severity: string; text: string }>;
  counts?: { error: number; criticalWarning: number; warning: number };
  progress?: { stage: string; percent: number };
  reason?: string;
}

export interface RunSummaryInfo {
  id: string;
  kind: string;
  status: RunStatusName;
  createdAt: string;
  updatedAt: string;
  durationMs?: number;
  steps: Array<{ name: string; status: StepStatusName }>;
  figures: Record<string, Figure>;
}

export interface RunInfo {
  id: string;
  kind: string;
  status: RunStatusName;
  projectDir: string;
  createdAt: string;
  updatedAt: string;
  planHash?: string;
  steps: RunStepInfo[];
  reports: Array<{ kind: string; file: string; tool?: string; toolVersion?: string }>;
  figures: Record<string, Figure>;
  tools?: Record<string, string>;
}

export interface RunCompareInfo {
  a: RunSummaryInfo;
  b: RunSummaryInfo;
  rows: Array<{ key: string; unit: string; a?: Figure; b?: Figure; delta?: number }>;
}

export interface LogLineInfo {
  line: string;
  stream: 'stdout' | 'stderr';
  /** Set for ERROR / CRITICAL WARNING / WARNING lines (the toolchain's classifier). */
  sev?: LogSeverity;
  /** Message id, e.g. 'HLS 200-1510'. */
  id?: string;
}

export interface RunLogInfo {
  runId: string;
  step: string;
  file: string;
  /** The last `tail` lines (or all, when fewer). */
  lines: LogLineInfo[];
  /** Lines in the part of the file that was read. */
  totalLines: number;
  truncated: boolean;
  counts: { error: number; criticalWarning: number; warning: number };
}

export interface ParsedReportInfo {
  kind: string;
  file: string;
  tool?: string;
  toolVersion?: string;
  figures: Record<string, Figure>;
  [field: string]: unknown;
}

export interface BuildMethods {
  /** Look for the Xilinx tools in the settings' paths, XILINX_*, PATH and the usual install roots. */
  'tools.discover': { params: { probe?: boolean }; result: ToolsInfo };
  'settings.get': { params: Record<string, never>; result: { settings: UserSettingsInfo; file: string } };
  /** Partial update; invalid values give an E_SCHEMA error naming the field. */
  'settings.set': { params: { settings: Partial<UserSettingsInfo> }; result: { settings: UserSettingsInfo; file: string } };

  /** Queue a build of the open project (or `projectDir`); returns at once with the queued run. */
  'builds.start': {
    params: { projectDir?: string; sourceDir?: string; steps?: BuildStepName[]; fromStep?: BuildStepName; resumeRunId?: string };
    result: { run: RunSummaryInfo; jobId: string; projectDir: string };
  };
  'builds.cancel': { params: { jobId?: string; runId?: string }; result: { cancelled: boolean } };
  'builds.queue': { params: Record<string, never>; result: BuildQueueInfo };

  'runs.list': { params: { projectDir?: string }; result: { runs: RunSummaryInfo[]; errors: SerializedError[]; projectDir: string } };
  'runs.get': { params: { runId: string; projectDir?: string }; result: RunInfo };
  /** A step's log, bounded: the last `tail` lines (default 400, at most 5000) of at most the last 4 MB. */
  'runs.log': { params: { runId: string; step: string; tail?: number; projectDir?: string }; result: RunLogInfo };
  'runs.compare': { params: { a: string; b: string; projectDir?: string }; result: RunCompareInfo };
  'reports.parse': { params: { file: string }; result: ParsedReportInfo };
}

export interface BuildEvents {
  'builds.queue': BuildQueueInfo;
  'builds.run': RunSummaryInfo & { projectDir: string };
  'builds.step': { runId: string; step: RunStepInfo };
  /** Log lines batched (about every 100 ms); `dropped` counts lines left out when a batch overflowed. */
  'builds.log': { runId: string; step: string; lines: LogLineInfo[]; dropped?: number };
  'builds.progress': { runId: string; step: string; stage: string; percent: number };
}
