/**
 * Key figures of a measurement for run.json: one set of keys for the CLI and the API, so the Resources
 * and Latency views find the newest measured latency and power whichever recorded it.
 */
import type { Figure } from '../core/figure';
import type { MeasurementSummary } from './types';

export function measurementRunFigures(s: MeasurementSummary): Record<string, Figure> {
  const st = s.stats;
  const out: Record<string, Figure> = {};
  if (st.latencyP50) out.latencyP50Ms = st.latencyP50;
  if (st.latencyP99) out.latencyP99Ms = st.latencyP99;
  if (st.groups.total) out.powerTotalW = st.groups.total;
  if (st.groups.PL) out.powerPLW = st.groups.PL;
  if (st.energyPerInference) out.energyPerInferenceMJ = st.energyPerInference.total;
  return out;
}
