import { defineStore } from 'pinia';
import { computed, markRaw, reactive, ref, shallowRef } from 'vue';
import type {
  BoardSpec, EmulatorDto, MeasureLinkState, MeasureSamplesEvent, MeasureSessionInfo, MeasureStatusDto, MeasurementSummary, PortEntry, PowerRail, SessionStats,
} from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';
import { DecimatingSeries, LatencyHistogram, pushBounded } from '../components/MeasureBuffers';

type Group = PowerRail['group'];

/** What the Power view puts beside the measured figures when an estimate exists for the model. */
export interface EstimateBeside {
  board: string;
  latencyMs: number;
  totalW: number;
  plW: number;
  energyMJ: number;
  rails: Record<string, number>;
}

const CONSOLE_CAP = 500;
/** Charts redraw at most this often (ms): ≤ 10 Hz whatever the sample rate. */
const REDRAW_MS = 150;

const message = (err: unknown) => (err instanceof ApiError || err instanceof Error ? err.message : String(err));

/** Board connection, live samples and their bounded chart buffers, shared by the Board and Power views. */
export const useMeasureStore = defineStore('measure', () => {
  const boards = ref<BoardSpec[]>([]);
  const boardId = ref('');
  const board = ref<BoardSpec | null>(null);
  const ports = ref<PortEntry[]>([]);
  const portsError = ref<string | null>(null);
  const portPath = ref('');
  const emulator = ref<EmulatorDto | null>(null);
  /** The emulator's agent or socat exited on its own: its pty is kept until the user stops it. */
  const emulatorDead = ref(false);
  const connection = ref<MeasureStatusDto['connection']>(null);
  const linkState = ref<MeasureLinkState>('closed');
  const linkMessage = ref('');
  const measuring = ref<MeasureStatusDto['measuring']>(null);
  const stats = ref<SessionStats | null>(null);
  const last = ref<MeasurementSummary | null>(null);
  const sessions = ref<MeasureSessionInfo[]>([]);
  const consoleLines = shallowRef<Array<{ kind: 'console' | 'warning'; text: string }>>([]);
  const error = ref<string | null>(null);
  const busy = ref<string | null>(null);
  const form = reactive({ rate: 1000, seconds: 10 as number | null, inferences: null as number | null });
  const estimate = ref<EstimateBeside | null>(null);
  const estimateNote = ref<string | null>(null);
  const csvNote = ref<string | null>(null);

  // Live chart data: plain (non-reactive) bounded buffers; `chartVersion` ticks when they changed.
  const hist = markRaw(new LatencyHistogram(40));
  const power = shallowRef<DecimatingSeries | null>(null);
  const chart = { run: '', rails: [] as string[], t0: 0, source: 'measured' as 'emulated' | 'measured' };
  const chartRails = shallowRef<string[]>([]);
  const chartSource = ref<'emulated' | 'measured' | null>(null);
  const chartVersion = ref(0);
  const received = reactive({ power: 0, latency: 0, messages: 0 });
  let dirty = false;
  setInterval(() => {
    if (!dirty) return;
    dirty = false;
    chartVersion.value++;
  }, REDRAW_MS);

  /** The label every figure on screen carries: the agent's, else the emulator's. */
  const source = computed<'emulated' | 'measured' | null>(
    () => connection.value?.source ?? chartSource.value ?? last.value?.source ?? (emulator.value ? 'emulated' : null),
  );
  const railGroups = computed<Record<string, Group>>(() => {
    if (connection.value) return connection.value.railGroups;
    const out: Record<string, Group> = {};
    for (const r of board.value?.power.rails ?? []) out[r.name] = r.group;
    return out;
  });
  const connected = computed(() => connection.value !== null && linkState.value !== 'closed');

  function resetCharts(run: string, rails: string[], src: 'emulated' | 'measured'): void {
    hist.clear();
    chart.run = run;
    chart.rails = rails;
    chart.t0 = 0;
    chart.source = src;
    power.value = markRaw(new DecimatingSeries(rails.length, 2000));
    chartRails.value = rails;
    chartSource.value = src;
    received.power = 0;
    received.latency = 0;
    received.messages = 0;
    dirty = true;
  }

  function onSamples(m: MeasureSamplesEvent): void {
    if (m.run !== chart.run || m.rails.length !== chart.rails.length) resetCharts(m.run, m.rails, m.source);
    received.messages++;
    const s = power.value!;
    const { t, uw } = m.power;
    if (t.length && chart.t0 === 0) chart.t0 = t[0];
    const row = new Array(m.rails.length);
    for (let i = 0; i < t.length; i++) {
      for (let r = 0; r < row.length; r++) row[r] = uw[i][r] / 1e6;
      s.add((t[i] - chart.t0) / 1e6, row);
    }
    received.power += t.length;
    const ms = m.latency.ns.map((ns) => ns / 1e6);
    hist.add(ms);
    received.latency += ms.length;
    dirty = true;
  }

  function applyStatus(st: MeasureStatusDto): void {
    emulator.value = st.emulator;
    connection.value = st.connection;
    linkState.value = st.connection?.state ?? 'closed';
    if (st.connection?.message) linkMessage.value = st.connection.message;
    measuring.value = st.measuring;
    if (st.stats) stats.value = st.stats;
    if (st.last) last.value = st.last;
    if (st.connection) {
      portPath.value = st.connection.port;
      if (!boardId.value || boardId.value !== st.connection.board) void selectBoard(st.connection.board);
    } else if (st.emulator && !portPath.value) portPath.value = st.emulator.port;
  }

  async function refreshStatus(): Promise<void> {
    applyStatus(await api.call('measure.status', {}));
  }

  async function act<T>(name: string, fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = name;
    error.value = null;
    try {
      return await fn();
    } catch (err) {
      error.value = message(err);
      return undefined;
    } finally {
      busy.value = null;
    }
  }

  async function loadBoards(): Promise<void> {
    boards.value = await api.call('boards.list', {});
    if (!boardId.value) {
      const proj = await api.call('project.current', {}).catch(() => null);
      const pick = proj?.settings.board && boards.value.some((b) => b.id === proj.settings.board) ? proj.settings.board : boards.value[0]?.id;
      if (pick) await selectBoard(pick);
    }
  }

  async function selectBoard(id: string): Promise<void> {
    boardId.value = id;
    try {
      board.value = await api.call('boards.get', { id });
    } catch (err) {
      error.value = message(err);
    }
  }

  async function refreshPorts(): Promise<void> {
    try {
      ports.value = await api.call('ports.list', {});
      portsError.value = null;
    } catch (err) {
      ports.value = [];
      portsError.value = message(err);
    }
  }

  const startEmulator = () =>
    act('emulator', async () => {
      const e = estimate.value && estimate.value.board === boardId.value ? estimate.value : null;
      const dto = await api.call('measure.emulator.start', {
        board: boardId.value,
        chatterMs: 1500,
        ...(e ? { latencyMs: e.latencyMs, railWatts: e.rails } : {}),
      });
      emulator.value = dto;
      emulatorDead.value = false;
      portPath.value = dto.port;
    });

  const stopEmulator = () =>
    act('emulator', async () => {
      await api.call('measure.emulator.stop', {});
      emulator.value = null;
      emulatorDead.value = false;
      await refreshStatus();
    });

  const connect = () =>
    act('connect', async () => {
      applyStatus(await api.call('measure.connect', { port: portPath.value.trim(), board: boardId.value }));
    });

  const disconnect = () =>
    act('connect', async () => {
      await api.call('measure.disconnect', {});
      await refreshStatus();
    });

  const start = () =>
    act('start', async () => {
      const r = await api.call('measure.start', {
        rate: form.rate,
        ...(form.seconds ? { seconds: form.seconds } : {}),
        ...(form.inferences ? { inferences: form.inferences } : {}),
      });
      resetCharts(r.run, r.rails, r.source);
      consoleLines.value = [];
      measuring.value = { run: r.run, runId: r.runId, rateHz: form.rate, startedAt: new Date().toISOString() };
    });

  const stop = () =>
    act('stop', async () => {
      last.value = await api.call('measure.stop', {});
      measuring.value = null;
    });

  /** CSV of the newest measurement (or a past one) as a download in the page. */
  const downloadCsv = (runId?: string) =>
    act('csv', async () => {
      const r = await api.call('measure.exportCsv', runId ? { runId } : {});
      const blob = new Blob([r.csv ?? ''], { type: 'text/csv' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `measure-${runId ?? last.value?.run ?? 'samples'}-${r.source}.csv`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
      csvNote.value = `${r.rows.toLocaleString()} rows (${r.source})`;
    });

  /** CSV written into the open project (for long runs: no text over the API). */
  const saveCsv = (runId?: string) =>
    act('csv', async () => {
      const id = runId ?? measuring.value?.runId ?? sessions.value[0]?.runId;
      const r = await api.call('measure.exportCsv', { file: `measure-${id ?? 'latest'}.csv`, ...(runId ? { runId } : {}) });
      csvNote.value = `${r.rows.toLocaleString()} rows written to ${r.file} (${r.source})`;
    });

  async function loadSessions(): Promise<void> {
    try {
      sessions.value = await api.call('measure.sessions', {});
    } catch {
      sessions.value = [];
    }
  }

  /** The estimator's figures for this board, if a model is imported (optional: the views work without). */
  async function loadEstimate(): Promise<void> {
    try {
      const e = await api.call('estimate.run', boardId.value ? { board: boardId.value } : {});
      const rails: Record<string, number> = {};
      for (const r of e.power.rails) rails[r.name] = r.watts.value;
      estimate.value = {
        board: e.board.id,
        latencyMs: e.totals.latencyMs.value,
        totalW: e.totals.powerW.value,
        plW: e.totals.plPowerW.value,
        energyMJ: e.totals.energyMJ.value,
        rails,
      };
      estimateNote.value = `estimate for ${e.model} on ${e.board.name} at ${e.clockMHz} MHz`;
    } catch (err) {
      estimate.value = null;
      const m = message(err);
      estimateNote.value = /no model/i.test(m) ? 'no estimate: import a model in the Model view first' : `no estimate: ${m}`;
    }
  }

  api.on('measure.state', (e) => {
    linkState.value = e.state;
    if (e.message) linkMessage.value = e.message;
    if (e.state === 'open' || e.state === 'closed') void refreshStatus().catch(() => undefined);
  });
  api.on('measure.samples', onSamples);
  api.on('measure.console', (c) => {
    const next = consoleLines.value.slice();
    pushBounded(next, c.lines, CONSOLE_CAP);
    consoleLines.value = next;
  });
  api.on('measure.stats', (s) => (stats.value = s));
  api.on('measure.ended', (s) => {
    last.value = s;
    stats.value = s.stats;
    measuring.value = null;
    dirty = true;
    void loadSessions();
  });
  api.on('measure.emulator', (e) => {
    emulator.value = e.emulator;
    emulatorDead.value = !e.running && e.emulator !== null;
    if (e.message) error.value = e.message;
  });
  api.onConnection((s) => {
    if (s !== 'open') return;
    void loadBoards().catch((err) => (error.value = message(err)));
    void refreshStatus().catch(() => undefined);
    void refreshPorts();
    void loadSessions();
  });

  return {
    boards, boardId, board, ports, portsError, portPath, emulator, emulatorDead, connection, linkState, linkMessage, measuring, stats, last, sessions,
    consoleLines, error, busy, form, estimate, estimateNote, csvNote, hist, power, chartRails, chartSource, chartVersion, received,
    source, railGroups, connected,
    selectBoard, refreshPorts, startEmulator, stopEmulator, connect, disconnect, start, stop, downloadCsv, saveCsv, loadSessions, loadEstimate,
    refreshStatus,
  };
});
