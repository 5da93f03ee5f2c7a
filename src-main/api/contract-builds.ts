/**
 * API contract section: Builds and Settings views: tool discovery, one-click builds, run history, report parsing.
 * Merged into ApiMethods / ApiEvents by contract.ts. Type-only imports, and only from modules without
 * Node imports (the renderer type-checks this file); otherwise declare the DTO here.
 * Tools, queue jobs, run records and settings come from toolchain/types.ts and project/types.ts; declared
 * here is only what the UI gets differently (no owner, step pids or parsed report data; a job's run id).
 */
import type { Figure } from '../core/figure';
import type { SerializedError } from '../core/errors';
import type { Run, RunComparison, RunReportRecord, RunStatus, RunStepRecord, RunSummary, StepStatus, UserSettings } from '../project/types';
import type { Discovery, FoundTool, JobInfo } from '../toolchain/types';

export type BuildStepName = 'generate' | 'csim' | 'csynth' | 'cosim' | 'export' | 'impl' | 'reports';
export type RunStatusName = RunStatus;
export type StepStatusName = StepStatus;
export type LogSeverity = 'error' | 'critical' | 'warning';

/** User settings (userDataDir()/settings.json). */
export type UserSettingsInfo = UserSettings;

/** A tool found, without how its version was read. */
export type FoundToolInfo = Pick<FoundTool, 'name' | 'path' | 'version' | 'from' | 'settings64'>;

export interface ToolsInfo extends Pick<Discovery, 'searched'> {
  tools: FoundToolInfo[];
  hls?: FoundToolInfo;
  vivado?: FoundToolInfo;
  /** Why a build stops at that step, when the tool is missing (what was searched). */
  missing: { hls?: string; vivado?: string };
}

/** A queued job, with the run it builds (for build jobs). */
export interface BuildJobInfo extends JobInfo {
  runId?: string;
}

export interface BuildQueueInfo {
  limit: number;
  running: BuildJobInfo[];
  queued: BuildJobInfo[];
  finished: BuildJobInfo[];
}

/** A step as the UI gets it: pid / start ticks are for crash recovery only. */
export type RunStepInfo = Omit<RunStepRecord, 'pid' | 'pidStartTicks'>;

export type RunSummaryInfo = RunSummary;

/** A run as the UI gets it: no owner, and reports without their parsed data (reports.parse gives it). */
export interface RunInfo extends Omit<Run, 'schema' | 'owner' | 'steps' | 'reports'> {
  steps: RunStepInfo[];
  reports: Array<Omit<RunReportRecord, 'data'>>;
}

export type RunCompareInfo = RunComparison;

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
