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

  /** Blocks as the Model view draws them (grouped on the server), with their layers looked up by name. */
  const groups = computed(() => {
    const s = summary.value;
    if (!s) return [];
    const byName = new Map(s.structure.layers.map((l) => [l.name, l]));
    return s.blocks.map((b) => ({
      key: b.id,
      kind: b.kind,
      title: b.kind === 'block' ? `Encoder block ${b.block}${b.moe ? ' (MoE)' : ''}` : b.kind === 'patch-embed' ? 'Patch embedding' : 'Head',
      layers: b.layers.map((n) => byName.get(n)!).filter(Boolean),
      macs: b.macs,
      params: b.params,
    }));
  });

  api.onConnection((st) => {
    if (st === 'open') void api.call('model.presets', {}).then((p) => (presets.value = p)).catch(() => undefined);
  });

  return { summary, presets, error, busy, load, groups };
});
