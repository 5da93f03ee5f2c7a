import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { JobInfo } from '../../src-main/api/contract';
import { api } from '../api-client';

export const useJobStore = defineStore('jobs', () => {
  const jobs = ref<Record<string, JobInfo>>({});
  api.on('job.update', (j) => (jobs.value = { ...jobs.value, [j.id]: j }));
  api.on('job.progress', (p) => {
    const j = jobs.value[p.jobId];
    if (j) jobs.value = { ...jobs.value, [p.jobId]: { ...j, stage: p.stage, percent: p.percent ?? j.percent } };
  });
  api.onConnection((s) => {
    if (s === 'open') void api.call('jobs.list', {}).then((l) => (jobs.value = Object.fromEntries(l.map((j) => [j.id, j]))));
  });
  const running = computed(() => Object.values(jobs.value).filter((j) => j.state === 'running'));
  const cancel = (jobId: string) => api.call('jobs.cancel', { jobId });
  return { jobs, running, cancel };
});
