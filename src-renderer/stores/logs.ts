import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { LogEntry } from '../../src-main/api/contract';
import { api } from '../api-client';

const MAX = 2000;

/** The log pane: workbench messages and job output, bounded so a long build cannot eat the memory. */
export const useLogStore = defineStore('logs', () => {
  const entries = ref<LogEntry[]>([]);
  const filter = ref('');

  function push(e: LogEntry) {
    entries.value.push(e);
    if (entries.value.length > MAX) entries.value.splice(0, entries.value.length - MAX);
  }
  api.on('log.entry', push);
  api.on('job.log', (l) => push({ time: new Date().toISOString(), level: l.stream === 'stderr' ? 'warn' : 'info', source: `job ${l.jobId.slice(0, 8)}`, message: l.line }));
  api.onConnection((s) => {
    if (s === 'open') void api.call('log.recent', { limit: 200 }).then((l) => (entries.value = l));
  });

  const visible = computed(() => {
    const f = filter.value.toLowerCase();
    return f ? entries.value.filter((e) => e.message.toLowerCase().includes(f) || e.source.toLowerCase().includes(f)) : entries.value;
  });
  const errors = computed(() => entries.value.filter((e) => e.level === 'error').length);

  return { entries, filter, visible, errors, push };
});
