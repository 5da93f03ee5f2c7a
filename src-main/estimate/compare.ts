/**
 * Estimate beside the tools' reports, per resource and for latency: the data behind the Resources and
 * Latency views' "estimate vs csynth vs impl" bars. Errors are (estimate − report) / report.
 */
import { fig } from '../core/figure';
import type { CsynthReport } from '../toolchain/parsers/csynth-report';
import type { CsynthXml } from '../toolchain/parsers/csynth-xml';
import type { UtilizationReport } from '../toolchain/parsers/utilization-report';
import type { ComparisonRow, Estimate } from './types';

export type { ComparisonRow } from './types';

export function compareWithReports(e: Estimate, reports: { csynth?: CsynthXml | CsynthReport; impl?: UtilizationReport; runId?: string }): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const cs = reports.csynth;
  const im = reports.impl;
  const extra = reports.runId ? { runId: reports.runId } : {};
  const csLatency = cs ? (cs.kind === 'csynth-xml' ? cs.latency.worst : cs.latency.max) : undefined;
  const implOf = (m: ComparisonRow['metric']): number | undefined => {
    if (!im) return undefined;
    switch (m) {
      case 'lut': return im.lut.used;
      case 'ff': return im.ff.used;
      case 'dsp': return im.dsp.used;
      case 'bram18k': return im.bramTiles.used * 2; // Vivado counts RAMB36 tiles
      case 'uram': return im.uram?.used;
      default: return undefined;
    }
  };
  for (const m of ['lut', 'ff', 'dsp', 'bram18k', 'uram', 'cycles'] as const) {
    const est = m === 'cycles' ? e.totals.cycles : e.totals[m];
    const row: ComparisonRow = { metric: m, estimate: est };
    const c = m === 'cycles' ? (typeof csLatency === 'number' ? csLatency : undefined) : cs?.resources[m];
    if (c !== undefined) {
      row.csynth = fig(c, est.unit, 'csynth', { note: cs!.file, ...extra });
      if (c > 0) row.errorVsCsynth = (est.value - c) / c;
    }
    const i = implOf(m);
    if (i !== undefined) {
      row.impl = fig(i, est.unit, 'impl', { note: im!.file, ...extra });
      if (i > 0) row.errorVsImpl = (est.value - i) / i;
    }
    rows.push(row);
  }
  return rows;
}
