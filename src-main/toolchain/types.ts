/**
 * Tool discovery and build queue types, declared once for toolchain/ and the API contract. Types only,
 * importing nothing that reaches Node (the renderer type-checks the contract without @types/node).
 */

export type ToolName = 'vitis_hls' | 'vitis-run' | 'v++' | 'vivado_hls' | 'vivado';

export interface FoundTool {
  name: ToolName;
  path: string;
  /** Version from the path (…/Vitis_HLS/2023.1/bin) and/or from the tool's own output. */
  version?: string;
  pathVersion?: string;
  outputVersion?: string;
  /** Where it was found: 'settings', 'XILINX_HLS', 'PATH', 'root /tools/Xilinx', … */
  from: string;
  /** The settings64.sh of its install, when there is one (sourced for the tool's environment). */
  settings64?: string;
}

export interface Discovery {
  tools: FoundTool[];
  /** Preferred tool for the HLS Tcl flow and for Vivado batch, if any. */
  hls?: FoundTool;
  vivado?: FoundTool;
  /** Every directory looked in, in order. */
  searched: string[];
}

export type JobState = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobInfo {
  id: string;
  label: string;
  state: JobState;
  enqueuedAt: string;
  startedAt?: string;
  endedAt?: string;
  error?: string;
}

export interface QueueState {
  limit: number;
  running: JobInfo[];
  queued: JobInfo[];
  /** Most recent finished jobs, newest first (bounded). */
  finished: JobInfo[];
}
