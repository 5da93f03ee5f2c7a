import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AppInfo } from '../../src-main/api/contract';
import { api } from '../api-client';

export const useConnectionStore = defineStore('connection', () => {
  const state = ref<'connecting' | 'open' | 'closed'>('connecting');
  const info = ref<AppInfo | null>(null);
  const transport = api.transport;

  api.onConnection((s) => {
    state.value = s;
    if (s === 'open') void api.call('app.info', {}).then((i) => (info.value = i));
  });

  return { state, info, transport };
});
