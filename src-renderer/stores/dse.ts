import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { DsePointDto, DseSelection, DseStartParams, DseSummaryDto, JobInfo } from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';

/** One sweep at a time: its streamed points, the Pareto front, progress and the selected point. */
export const useDseStore = defineStore('dse', () => {
  const jobId = ref<string | null>(null);
  const state = ref<JobInfo['state'] | 'idle'>('idle');
  const points = shallowRef<DsePointDto[]>([]);
  const front = shallowRef<DsePointDto[]>([]);
  const progress = ref({ done: 0, total: 0, feasible: 0 });
  const summary = ref<DseSummaryDto | null>(null);
  const selected = ref<DseSelection | null>(null);
  const error = ref<string | null>(null);
  const selecting = ref(false);
  const starting = ref(false);
  // Events of a sweep can beat the answer to dse.start: keep them until its id is known.
  const early = new Map<string, Array<() => void>>();

  const running = computed(() => starting.value || state.value === 'running');
  const frontIds = computed(() => new Set(front.value.map((p) => p.id)));

  function mine(id: string, apply: () => void): void {
    if (id === jobId.value) apply();
    else if (starting.value) {
      const q = early.get(id) ?? [];
      q.push(apply);
      early.set(id, q);
    }
  }

  api.on('dse.point', (d) => mine(d.jobId, () => {
    points.value = points.value.concat(d.points);
    progress.value = { done: d.done, total: d.total, feasible: d.feasible };
  }));
  api.on('dse.front', (d) => mine(d.jobId, () => {
    front.value = d.front;
    if (d.summary) summary.value = d.summary;
  }));
  api.on('job.done', (d) => mine(d.jobId, () => {
    state.value = d.state;
    if (d.error && d.state === 'failed') error.value = d.error.message;
  }));

  async function start(p: DseStartParams): Promise<void> {
    error.value = null;
    points.value = [];
    front.value = [];
    summary.value = null;
    selected.value = null;
    progress.value = { done: 0, total: p.budget ?? 0, feasible: 0 };
    starting.value = true;
    early.clear();
    try {
      const job = await api.call('dse.start', p);
      jobId.value = job.id;
      state.value = 'running';
      progress.value = { done: 0, total: Math.min(job.budget, job.spaceSize), feasible: 0 };
      for (const f of early.get(job.id) ?? []) f();
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
      state.value = 'idle';
    } finally {
      starting.value = false;
      early.clear();
    }
  }

  async function cancel(): Promise<void> {
    if (jobId.value) await api.call('dse.cancel', { jobId: jobId.value });
  }

  async function select(pointId: string): Promise<void> {
    selecting.value = true;
    try {
      selected.value = await api.call('dse.select', { pointId });
      error.value = null;
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      selecting.value = false;
    }
  }

  return { jobId, state, points, front, frontIds, progress, summary, selected, error, running, selecting, start, cancel, select };
});
