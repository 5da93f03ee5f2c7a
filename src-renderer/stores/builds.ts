import { defineStore } from 'pinia';
import { computed, ref, watch } from 'vue';
import type {
  BuildQueueInfo, BuildStepName, LogLineInfo, RunCompareInfo, RunInfo, RunLogInfo, RunSummaryInfo, SerializedError, ToolsInfo, UserSettingsInfo,
} from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';
import { useProjectStore } from './project';

export const ALL_STEPS: BuildStepName[] = ['generate', 'csim', 'csynth', 'cosim', 'export', 'impl', 'reports'];
/** The live log keeps this many lines; the full log stays in the run's log file (runs.log). */
const MAX_LIVE_LINES = 5000;

export interface LiveLine extends LogLineInfo { n: number; step: string }

const message = (err: unknown) => (err instanceof ApiError ? err.message : String(err));

/** Builds view: queue, the live run (step, progress, log), history, details and comparison. */
export const useBuildsStore = defineStore('builds', () => {
  const project = useProjectStore();
  const queue = ref<BuildQueueInfo | null>(null);
  const runs = ref<RunSummaryInfo[]>([]);
  const listErrors = ref<SerializedError[]>([]);
  const tools = ref<ToolsInfo | null>(null);
  const error = ref<string | null>(null);
  const starting = ref(false);
  const steps = ref<BuildStepName[]>(['generate', 'csim', 'csynth', 'export', 'impl', 'reports']);

  // The live run: the latest one that started in this project.
  const liveRunId = ref<string | null>(null);
  const liveStep = ref<string | null>(null);
  const progress = ref<Record<string, { stage: string; percent: number }>>({});
  const lines = ref<LiveLine[]>([]);
  const dropped = ref(0);
  const counts = ref({ error: 0, critical: 0, warning: 0 });
  const filter = ref('');
  const severity = ref<'all' | 'error' | 'warning'>('all');
  let lineNo = 0;

  const detail = ref<RunInfo | null>(null);
  const detailLog = ref<RunLogInfo | null>(null);
  const selected = ref<string[]>([]);
  const comparison = ref<RunCompareInfo | null>(null);

  const dir = () => project.current?.dir;

  async function refresh() {
    error.value = null;
    if (!dir()) { runs.value = []; return; }
    try {
      const [l, q] = await Promise.all([api.call('runs.list', {}), api.call('builds.queue', {})]);
      runs.value = l.runs;
      listErrors.value = l.errors;
      queue.value = q;
    } catch (err) {
      error.value = message(err);
    }
  }
  async function detectTools() {
    try { tools.value = await api.call('tools.discover', { probe: false }); } catch (err) { error.value = message(err); }
  }

  function resetLive(runId: string) {
    liveRunId.value = runId;
    liveStep.value = null;
    progress.value = {};
    lines.value = [];
    dropped.value = 0;
    counts.value = { error: 0, critical: 0, warning: 0 };
    lineNo = 0;
  }

  async function start() {
    starting.value = true;
    error.value = null;
    try {
      const r = await api.call('builds.start', { steps: steps.value });
      upsert(r.run);
      if (!liveRunId.value || !isActive(liveRunId.value)) resetLive(r.run.id);
    } catch (err) {
      error.value = message(err);
    } finally {
      starting.value = false;
    }
  }
  /** Continue a failed / cancelled / interrupted run in its own work dir from its first unfinished step. */
  async function resume(runId: string) {
    error.value = null;
    try {
      const r = await api.call('builds.start', { resumeRunId: runId });
      upsert(r.run);
      if (!liveRunId.value || !isActive(liveRunId.value)) resetLive(r.run.id);
    } catch (err) {
      error.value = message(err);
    }
  }
  const cancel = (jobId: string) => api.call('builds.cancel', { jobId }).catch((err) => (error.value = message(err)));

  function isActive(runId: string) {
    const r = runs.value.find((x) => x.id === runId);
    return !!r && (r.status === 'running' || r.status === 'queued');
  }
  function upsert(r: RunSummaryInfo) {
    const i = runs.value.findIndex((x) => x.id === r.id);
    if (i >= 0) runs.value.splice(i, 1, r);
    else runs.value = [r, ...runs.value].sort((a, b) => (a.id < b.id ? 1 : -1));
  }

  async function openRun(id: string) {
    detailLog.value = null;
    try { detail.value = await api.call('runs.get', { runId: id }); } catch (err) { error.value = message(err); }
  }
  async function openLog(runId: string, step: string) {
    try { detailLog.value = await api.call('runs.log', { runId, step, tail: 400 }); } catch (err) { error.value = message(err); }
  }
  function toggleSelect(id: string) {
    const s = selected.value.filter((x) => x !== id);
    if (s.length === selected.value.length) s.push(id);
    selected.value = s.slice(-2);
  }
  watch(selected, async (s) => {
    comparison.value = null;
    if (s.length !== 2) return;
    // Older run as A, so deltas read "what changed since".
    const [a, b] = [...s].sort();
    try { comparison.value = await api.call('runs.compare', { a, b }); } catch (err) { error.value = message(err); }
  });

  api.on('builds.queue', (q) => (queue.value = q));
  api.on('builds.run', (r) => {
    if (r.projectDir !== dir()) return;
    const { projectDir: _dir, ...summary } = r;
    upsert(summary);
    if (r.status === 'running' && (!liveRunId.value || !isActive(liveRunId.value) || liveRunId.value === r.id)) {
      if (liveRunId.value !== r.id) resetLive(r.id);
    }
    // A failed live run opens its details, where the first errors are.
    if (detail.value?.id === r.id || (r.id === liveRunId.value && r.status === 'failed')) void openRun(r.id);
  });
  api.on('builds.step', (e) => {
    const r = runs.value.find((x) => x.id === e.runId);
    if (r) upsert({ ...r, steps: r.steps.map((s) => (s.name === e.step.name ? { name: s.name, status: e.step.status } : s)) });
    if (e.runId === liveRunId.value && e.step.status === 'running') liveStep.value = e.step.name;
    if (detail.value?.id === e.runId) detail.value = { ...detail.value, steps: detail.value.steps.map((s) => (s.name === e.step.name ? e.step : s)) };
  });
  api.on('builds.progress', (p) => {
    if (p.runId === liveRunId.value) progress.value = { ...progress.value, [p.step]: { stage: p.stage, percent: p.percent } };
  });
  api.on('builds.log', (b) => {
    if (b.runId !== liveRunId.value) return;
    dropped.value += b.dropped ?? 0;
    lineNo += b.dropped ?? 0;
    const add: LiveLine[] = [];
    for (const l of b.lines) {
      add.push({ ...l, n: ++lineNo, step: b.step });
      if (l.sev) counts.value[l.sev]++;
    }
    const next = lines.value.concat(add);
    lines.value = next.length > MAX_LIVE_LINES ? next.slice(next.length - MAX_LIVE_LINES) : next;
  });
  api.onConnection((s) => { if (s === 'open') { void refresh(); void detectTools(); } });
  watch(() => project.current?.dir, () => {
    detail.value = null;
    selected.value = [];
    liveRunId.value = null;
    void refresh();
  });

  const visibleLines = computed(() => {
    const f = filter.value.toLowerCase();
    return lines.value.filter((l) => (severity.value === 'all' || (severity.value === 'error' ? l.sev === 'error' || l.sev === 'critical' : !!l.sev)) && (!f || l.line.toLowerCase().includes(f)));
  });
  const liveRun = computed(() => runs.value.find((r) => r.id === liveRunId.value) ?? null);
  /** Why the tool steps would stop, known before starting (from tools.discover). */
  const blockers = computed(() => {
    const t = tools.value;
    if (!t) return [];
    const out: string[] = [];
    if (!t.hls && steps.value.some((s) => s === 'csynth' || s === 'cosim' || s === 'export')) out.push(`HLS steps will stop: ${t.missing.hls ?? 'no HLS tool found'}`);
    if (!t.vivado && steps.value.includes('impl')) out.push(`impl needs Vivado if the project has run_vivado.tcl: ${t.missing.vivado ?? 'not found'}`);
    return out;
  });

  return {
    queue, runs, listErrors, tools, error, starting, steps, liveRunId, liveRun, liveStep, progress, lines, dropped, counts, filter, severity,
    visibleLines, detail, detailLog, selected, comparison, blockers,
    refresh, detectTools, start, resume, cancel, openRun, openLog, toggleSelect,
  };
});

/** User settings + tool detection for the Settings view. */
export const useToolSettingsStore = defineStore('toolSettings', () => {
  const settings = ref<UserSettingsInfo | null>(null);
  const file = ref('');
  const tools = ref<ToolsInfo | null>(null);
  const detecting = ref(false);
  const saving = ref(false);
  const error = ref<string | null>(null);
  const saved = ref(false);

  async function load() {
    try {
      const r = await api.call('settings.get', {});
      settings.value = r.settings;
      file.value = r.file;
    } catch (err) {
      error.value = message(err);
    }
  }
  async function save(s: UserSettingsInfo): Promise<boolean> {
    saving.value = true;
    error.value = null;
    saved.value = false;
    try {
      const r = await api.call('settings.set', { settings: s });
      settings.value = r.settings;
      file.value = r.file;
      saved.value = true;
      return true;
    } catch (err) {
      error.value = message(err);
      return false;
    } finally {
      saving.value = false;
    }
  }
  async function detect() {
    detecting.value = true;
    error.value = null;
    try { tools.value = await api.call('tools.discover', { probe: true }); } catch (err) { error.value = message(err); } finally { detecting.value = false; }
  }
  api.onConnection((s) => { if (s === 'open') void load(); });
  return { settings, file, tools, detecting, saving, error, saved, load, save, detect };
});
