import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { BoardSpec, CalibrationEntryInfo, EstimateDto, EstimateRunParams } from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';

/** The estimate the Resources and Latency views share: one form (board, clock, precision, tiles), one result. */
export const useEstimateStore = defineStore('estimate', () => {
  const boards = ref<BoardSpec[]>([]);
  const form = reactive({ board: '', clockMHz: null as number | null, precision: '', tiles: '' });
  const result = ref<EstimateDto | null>(null);
  const error = ref<string | null>(null);
  /** No model imported yet: the views show their empty state instead of an error. */
  const noModel = ref(false);
  const busy = ref(false);
  const calibration = ref<CalibrationEntryInfo[]>([]);
  let seq = 0;
  /** The form as last estimated (after filling in what the server chose), to skip no-op re-runs. */
  let lastKey = '';
  const key = () => JSON.stringify(params());

  function params(source?: string): EstimateRunParams {
    const p: EstimateRunParams = {};
    if (form.board) p.board = form.board;
    if (form.clockMHz && form.clockMHz > 0) p.clockMHz = form.clockMHz;
    if (form.precision.trim()) p.precision = form.precision.trim();
    // An empty tiles field leaves them to the project, else to a search for the fastest tiling within headroom.
    if (form.tiles.trim()) p.tiles = form.tiles.trim();
    if (source) p.source = source;
    return p;
  }

  /** Re-estimate; only the newest answer is kept when the form changes faster than the server answers. */
  async function run(source?: string): Promise<void> {
    const my = ++seq;
    lastKey = key();
    busy.value = true;
    try {
      const r = await api.call('estimate.run', params(source));
      if (my !== seq) return;
      result.value = r;
      error.value = null;
      noModel.value = false;
      // Show what the server chose when the form left it open.
      if (!form.board) form.board = r.board.id;
      if (!form.clockMHz) form.clockMHz = r.clockMHz;
      lastKey = key();
      void loadCalibration(r.board.family);
    } catch (err) {
      if (my !== seq) return;
      const msg = err instanceof ApiError ? err.message : String(err);
      if (/no model/.test(msg)) {
        noModel.value = true;
        result.value = null;
        error.value = null;
      } else error.value = msg;
    } finally {
      if (my === seq) busy.value = false;
    }
  }

  async function loadCalibration(family: string): Promise<void> {
    try {
      calibration.value = (await api.call('estimate.calibration', { family })).entries;
    } catch {
      calibration.value = [];
    }
  }

  api.onConnection((s) => {
    if (s === 'open') void api.call('boards.list', {}).then((b) => (boards.value = b)).catch(() => undefined);
  });

  /** Whether the form differs from what was last estimated. */
  const changed = () => key() !== lastKey;

  return { boards, form, result, error, noModel, busy, calibration, run, changed };
});
