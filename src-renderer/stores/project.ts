import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ProjectInfo, ProjectSettings } from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';

export const useProjectStore = defineStore('project', () => {
  const current = ref<ProjectInfo | null>(null);
  const recent = ref<string[]>([]);
  const error = ref<string | null>(null);
  const busy = ref(false);

  async function refresh() {
    current.value = await api.call('project.current', {});
    recent.value = await api.call('project.recent', {});
  }

  async function run(fn: () => Promise<ProjectInfo>) {
    busy.value = true;
    error.value = null;
    try {
      current.value = await fn();
      recent.value = await api.call('project.recent', {});
    } catch (err) {
      error.value = err instanceof ApiError ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  }

  const open = (path: string) => run(() => api.call('project.open', { path }));
  const update = (settings: ProjectSettings) => run(() => api.call('project.update', { settings }));
  const create = (path: string, name?: string) => run(() => api.call('project.create', { path, name }));

  api.onConnection((s) => {
    if (s === 'open') void refresh();
  });

  return { current, recent, error, busy, open, create, update, refresh };
});
