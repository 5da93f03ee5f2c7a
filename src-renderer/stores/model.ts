import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ModelSummary, PresetInfo } from '../../src-main/api/contract';
import { api, ApiError } from '../api-client';

export const useModelStore = defineStore('model', () => {
  const summary = ref<ModelSummary | null>(null);
  const presets = ref<PresetInfo[]>([]);
  const error = ref<{ message: string; details?: string[] } | null>(null);
  const busy = ref(false);

  async function load(source: string) {
    busy.value = true;
    error.value = null;
    try {
      summary.value = await api.call('model.import', { source });
    } catch (err) {
      error.value = err instanceof ApiError ? { message: err.message, details: err.error.details } : { message: String(err) };
    } finally {
      busy.value = false;
    }
  }

  /** Layers grouped as the Model view draws them: patch embed, encoder blocks, head. */
  const groups = computed(() => {
    const s = summary.value?.structure;
    if (!s) return [];
    const out: Array<{ key: string; title: string; layers: typeof s.layers; macs: number; params: number }> = [];
    for (const l of s.layers) {
      const key = l.block >= 0 ? `block-${l.block}` : l.kind === 'patch-embed' ? 'embed' : 'head';
      let g = out.find((x) => x.key === key);
      if (!g) out.push((g = { key, title: l.block >= 0 ? `Encoder block ${l.block}` : l.kind === 'patch-embed' ? 'Patch embedding' : 'Head', layers: [], macs: 0, params: 0 }));
      g.layers.push(l);
      g.macs += l.macs;
      g.params += l.params;
    }
    return out;
  });

  api.onConnection((st) => {
    if (st === 'open') void api.call('model.presets', {}).then((p) => (presets.value = p)).catch(() => undefined);
  });

  return { summary, presets, error, busy, load, groups };
});
