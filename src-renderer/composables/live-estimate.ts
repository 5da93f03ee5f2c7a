import { onMounted, watch } from 'vue';
import { useEstimateStore } from '../stores/estimate';
import { useModelStore } from '../stores/model';

/** The estimate an estimate view shows: run when the view opens and again when another model is imported. */
export function useLiveEstimate(): ReturnType<typeof useEstimateStore> {
  const est = useEstimateStore();
  const model = useModelStore();
  onMounted(() => void est.run());
  watch(() => model.summary?.source, (s, before) => { if (s && s !== before) void est.run(); });
  return est;
}
