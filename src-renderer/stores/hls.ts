import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type {
  ApproxCurveInfo, BoardSpec, CompileDiagnosticInfo, FileEntry, HlsCsimResult, HlsDefaults, HlsGenerateResult, HlsProjectInfo, JobDone,
} from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';

/** The live csim output keeps this many lines (the result holds the run's tail too). */
const MAX_LINES = 5000;

export interface OutputLine { n: number; stream: 'stdout' | 'stderr' | 'info'; line: string }

const message = (err: unknown) => (err instanceof ApiError ? err.message : err instanceof Error ? err.message : String(err));

/** Kernels view: the HLS project (generated or the engineer's own), its files, csim, approximation error. */
export const useHlsStore = defineStore('hls', () => {
  const defaults = ref<HlsDefaults | null>(null);
  const boards = ref<BoardSpec[]>([]);
  const pathInput = ref('');
  const form = reactive({ board: '', clockMHz: null as number | null, precision: '', tiles: '' });

  const project = ref<HlsProjectInfo | null>(null);
  const opening = ref(false);
  const openError = ref<string | null>(null);

  const files = ref<FileEntry[]>([]);
  const file = ref<{ path: string; text: string; truncated: boolean; line?: number } | null>(null);
  const fileError = ref<string | null>(null);

  const gen = reactive({ jobId: null as string | null, stage: '', percent: 0, error: null as string | null, result: null as HlsGenerateResult | null });
  const csim = reactive({
    jobId: null as string | null, stage: '', percent: 0, debug: false, error: null as string | null,
    lines: [] as OutputLine[], dropped: 0, diagnostics: [] as CompileDiagnosticInfo[], result: null as HlsCsimResult | null, cancelled: false,
  });
  let lineNo = 0;

  const approx = ref<{ precision: string; curves: ApproxCurveInfo[] } | null>(null);
  const approxBusy = ref(false);
  const approxError = ref<string | null>(null);

  /** job.done can overtake the call's answer on a fast job: keep the last few. */
  const early = new Map<string, JobDone>();

  async function loadDefaults() {
    try {
      const [d, b] = await Promise.all([api.call('hls.defaults', {}), api.call('boards.list', {})]);
      defaults.value = d;
      boards.value = b;
      if (!pathInput.value && d.path) pathInput.value = d.path;
      // Back in the view (or reloaded) after a generation: show that project again.
      if (!project.value && !opening.value && d.lastGenerated) {
        pathInput.value = d.lastGenerated;
        void open();
      }
      if (!form.board) form.board = d.board ?? (b.find((x) => x.id === 'zcu102') ?? b[0])?.id ?? '';
      if (form.clockMHz === null && d.clockMHz) form.clockMHz = d.clockMHz;
      if (!form.precision && d.precision) form.precision = d.precision;
      if (!form.tiles && d.tiles) form.tiles = d.tiles;
    } catch (err) {
      openError.value = message(err);
    }
  }

  async function show(p: HlsProjectInfo) {
    project.value = p;
    pathInput.value = p.dir;
    file.value = null;
    fileError.value = null;
    try {
      files.value = await api.call('files.list', { root: p.dir });
    } catch (err) {
      files.value = [];
      fileError.value = message(err);
      return;
    }
    // First look: the top function of a generated project, else the first design file, else the script.
    const names = new Set(files.value.map((f) => f.path));
    const first = ['src/top.cpp', ...p.designFiles, p.sourceRelative].find((f) => f && names.has(f));
    if (first) await openFile(first);
  }

  async function open() {
    opening.value = true;
    openError.value = null;
    try {
      await show(await api.call('hls.open', { path: pathInput.value }));
    } catch (err) {
      openError.value = message(err);
    } finally {
      opening.value = false;
    }
  }

  async function openFile(path: string, line?: number) {
    fileError.value = null;
    if (!project.value) return;
    if (file.value?.path === path) {
      file.value = { ...file.value, line };
      return;
    }
    try {
      const r = await api.call('files.read', { root: project.value.dir, path });
      file.value = { ...r, line };
    } catch (err) {
      file.value = null;
      fileError.value = `${path}: ${message(err)}`;
    }
  }

  async function generate() {
    gen.error = null;
    gen.result = null;
    gen.stage = 'starting';
    gen.percent = 0;
    try {
      const job = await api.call('hls.generate', {
        outDir: pathInput.value || undefined,
        board: form.board || undefined,
        clockMHz: form.clockMHz ?? undefined,
        precision: form.precision,
        tiles: form.tiles,
      });
      gen.jobId = job.id;
      const d = early.get(job.id);
      if (d) onDone(d);
    } catch (err) {
      gen.error = message(err);
      gen.jobId = null;
    }
  }

  async function runCsim() {
    csim.error = null;
    csim.result = null;
    csim.lines = [];
    csim.dropped = 0;
    csim.diagnostics = [];
    csim.stage = 'starting';
    csim.percent = 0;
    csim.cancelled = false;
    lineNo = 0;
    try {
      const job = await api.call('hls.csim', { path: project.value?.dir ?? (pathInput.value || undefined), debug: csim.debug });
      csim.jobId = job.id;
      const d = early.get(job.id);
      if (d) onDone(d);
    } catch (err) {
      csim.error = message(err);
      csim.jobId = null;
    }
  }

  const cancel = (jobId: string | null) => (jobId ? api.call('jobs.cancel', { jobId }).catch(() => undefined) : undefined);

  async function loadApprox() {
    approxBusy.value = true;
    approxError.value = null;
    try {
      approx.value = await api.call('hls.approx', { precision: form.precision });
    } catch (err) {
      approxError.value = message(err);
    } finally {
      approxBusy.value = false;
    }
  }

  function onDone(d: JobDone) {
    if (d.jobId === gen.jobId) {
      gen.jobId = null;
      if (d.state === 'done') {
        gen.result = d.result as HlsGenerateResult;
        void show(gen.result.project);
        void loadDefaults();
      } else gen.error = d.state === 'cancelled' ? 'Generation cancelled.' : (d.error?.message ?? 'generation failed');
    } else if (d.jobId === csim.jobId) {
      csim.jobId = null;
      csim.cancelled = d.state === 'cancelled';
      if (d.result) csim.result = d.result as HlsCsimResult;
      else if (d.state !== 'cancelled') csim.error = d.error?.message ?? 'C simulation failed';
    } else {
      early.set(d.jobId, d);
      if (early.size > 20) early.delete(early.keys().next().value as string);
    }
  }

  api.on('job.progress', (p) => {
    const target = p.jobId === gen.jobId ? gen : p.jobId === csim.jobId ? csim : null;
    if (!target) return;
    target.stage = p.stage;
    if (p.percent !== undefined) target.percent = p.percent;
  });
  api.on('job.done', onDone);
  api.on('hls.csim.output', (o) => {
    if (o.jobId !== csim.jobId) return;
    const add = o.lines.map((l) => ({ n: ++lineNo, ...l }));
    const all = csim.lines.concat(add);
    if (all.length > MAX_LINES) {
      csim.dropped += all.length - MAX_LINES;
      csim.lines = all.slice(-MAX_LINES);
    } else csim.lines = all;
  });
  api.on('hls.csim.diagnostic', (o) => {
    if (o.jobId === csim.jobId) csim.diagnostics = [...csim.diagnostics, ...o.diagnostics];
  });
  api.onConnection((s) => {
    if (s === 'open') void loadDefaults();
  });

  return {
    defaults, boards, pathInput, form, project, opening, openError, files, file, fileError, gen, csim, approx, approxBusy, approxError,
    loadDefaults, open, openFile, generate, runCsim, cancel, loadApprox,
  };
});
