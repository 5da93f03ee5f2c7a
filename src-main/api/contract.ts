/**
 * The one typed API contract between the workbench core (main process / lab server) and the renderer.
 * Requests and responses, plus server-pushed events (job progress, logs, measurement samples, DSE points).
 * Electron IPC (api/ipc.ts) and the loopback WebSocket (api/ws.ts) carry exactly these messages.
 * Only type imports here: the renderer compiles this file too.
 */
import type { Figure } from '../core/figure';
import type { SerializedError } from '../core/errors';
import type { ModelStructure, TensorInfo } from '../graph/ir';
import type { BlockSummary } from '../graph/structure-summary';
import type { BoardSpec } from '../boards/board-spec';

export type { Figure, FigureSource } from '../core/figure';
export type { SerializedError } from '../core/errors';
export type { ModelStructure, Layer, LayerKind, TensorInfo } from '../graph/ir';
export type { BlockSummary } from '../graph/structure-summary';
export type { BoardSpec, PowerRail } from '../boards/board-spec';
import type { BuildEvents, BuildMethods } from './contract-builds';
import type { EstimateEvents, EstimateMethods } from './contract-estimate';
import type { HlsEvents, HlsMethods } from './contract-hls';
import type { MeasureEvents, MeasureMethods } from './contract-measure';
export type * from './contract-builds';
export type * from './contract-estimate';
export type * from './contract-hls';
export type * from './contract-measure';

// ----- DTOs ----------------------------------------------------------------------------------

export interface AppInfo {
  name: string;
  version: string;
  node: string;
  platform: string;
  mode: 'desktop' | 'serve';
  cwd: string;
}

export interface DoctorCheck {
  name: string;
  ok: boolean;
  /** What was found, or what is missing and how to get it. */
  detail: string;
  required: boolean;
}

export interface ProjectSettings {
  model?: string; // path relative to the project dir, or an --arch spec / preset
  board?: string;
  clockMHz?: number;
  precision?: string;
  tiles?: string;
}

export interface ProjectInfo {
  dir: string;
  file: string; // workbench.json
  name: string;
  schema: number;
  settings: ProjectSettings;
}

export interface JobInfo {
  id: string;
  kind: string;
  title: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  stage?: string;
  percent?: number;
  startedAt?: string;
  endedAt?: string;
  error?: SerializedError;
}

export interface JobProgress { jobId: string; stage: string; percent?: number }
export interface JobLog { jobId: string; stream: 'stdout' | 'stderr' | 'info'; line: string }
export interface JobDone { jobId: string; state: JobInfo['state']; result?: unknown; error?: SerializedError }

export interface LogEntry { time: string; level: 'info' | 'warn' | 'error'; source: string; message: string }

/** What the Model view shows after an import: the recognised structure plus the nodes to expand into. */
export interface ModelSummary {
  source: string; // the file path, or the --arch spec / preset it was built from
  structure: ModelStructure;
  /** Patch embed, each encoder block, head: for the collapsed picture and the per-block chart. */
  blocks: BlockSummary[];
  nodes: Array<{ name: string; opType: string; outputs: Array<{ name: string; shape?: Array<number | string> }> }>;
  inputs: TensorInfo[];
  outputs: TensorInfo[];
  opsets: Record<string, number>;
  weightsPresent: boolean;
  warnings: string[];
  importMs: number;
}

export interface FileEntry { path: string; size: number; kind: 'file' | 'dir' }

export interface PresetInfo { name: string; spec: string; about: string }

/** Generic labelled figure row used by dashboards (resources, latency, power). */
export interface FigureRow { label: string; figures: Record<string, Figure> }

// ----- Methods -------------------------------------------------------------------------------

/**
 * Domain sections live beside this file (contract-<domain>.ts) and are merged here, so each area's
 * methods and events are declared once and the whole contract is still this one type.
 */
export interface ApiMethods extends CoreMethods, BuildMethods, EstimateMethods, HlsMethods, MeasureMethods {}

interface CoreMethods {
  'app.info': { params: Record<string, never>; result: AppInfo };
  'app.ping': { params: { payload?: string }; result: { payload?: string; time: number } };
  'doctor.run': { params: Record<string, never>; result: DoctorCheck[] };
  'log.recent': { params: { limit?: number }; result: LogEntry[] };

  'project.open': { params: { path: string }; result: ProjectInfo };
  'project.create': { params: { path: string; name?: string }; result: ProjectInfo };
  'project.current': { params: Record<string, never>; result: ProjectInfo | null };
  'project.recent': { params: Record<string, never>; result: string[] };
  'project.update': { params: { settings: ProjectSettings }; result: ProjectInfo };

  'model.import': { params: { source: string; dims?: Record<string, number> }; result: ModelSummary };
  'model.presets': { params: Record<string, never>; result: PresetInfo[] };
  'boards.list': { params: Record<string, never>; result: BoardSpec[] };

  'files.list': { params: { root: string }; result: FileEntry[] };
  'files.read': { params: { root: string; path: string }; result: { path: string; text: string; truncated: boolean } };

  'jobs.list': { params: Record<string, never>; result: JobInfo[] };
  'jobs.cancel': { params: { jobId: string }; result: { cancelled: boolean } };

  /** Test and bench aid: streams `count` chunks of `chunkBytes` as 'bench.chunk' events. */
  'bench.stream': { params: { count: number; chunkBytes: number }; result: { bytes: number } };
}

export type Method = keyof ApiMethods;
export type Params<M extends Method> = ApiMethods[M]['params'];
export type Result<M extends Method> = ApiMethods[M]['result'];

// ----- Events --------------------------------------------------------------------------------

export interface ApiEvents extends CoreEvents, BuildEvents, EstimateEvents, HlsEvents, MeasureEvents {}

interface CoreEvents {
  'job.update': JobInfo;
  'job.progress': JobProgress;
  'job.log': JobLog;
  'job.done': JobDone;
  'log.entry': LogEntry;
  'bench.chunk': { seq: number; data: string };
}
export type EventName = keyof ApiEvents;

// ----- Wire messages (both transports) ---------------------------------------------------------

export interface RequestMessage { type: 'req'; id: number; method: string; params?: unknown }
export type ResponseMessage =
  | { type: 'res'; id: number; ok: true; result: unknown }
  | { type: 'res'; id: number | null; ok: false; error: SerializedError };
export interface EventMessage { type: 'event'; event: string; data: unknown }
export type ServerMessage = ResponseMessage | EventMessage;

/** Largest request a client may send; bigger ones are answered with an E_API error. */
export const MAX_REQUEST_BYTES = 1 << 20;

/** The client surface the renderer uses, whatever the transport. */
export interface ApiClient {
  readonly transport: 'ipc' | 'ws';
  call<M extends Method>(method: M, params: Params<M>): Promise<Result<M>>;
  on<E extends EventName>(event: E, cb: (data: ApiEvents[E]) => void): () => void;
  onConnection(cb: (state: 'connecting' | 'open' | 'closed') => void): () => void;
}

/** Channel names on Electron IPC; the preload only forwards these. */
export const IPC_INVOKE = 'fwb:invoke';
export const IPC_EVENT = 'fwb:event';
