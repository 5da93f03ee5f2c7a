/**
 * csynth.xml / <top>_csynth.xml / <module>_csynth.xml (Vivado HLS 2019.1 … Vitis HLS 2022.1+).
 * The summary lives in the first PerformanceEstimates / AreaEstimates under <profile>; the 2022.1
 * aggregated file adds a ModuleInformation hierarchy after it, which we list but do not need.
 */
import { XMLParser } from 'fast-xml-parser';
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import type { ParsedReport, Resources } from './types';

/** Latency values are `undef` when loop trip counts are unknown. */
export type Cycles = number | 'undef';

export interface CsynthXml extends ParsedReport {
  kind: 'csynth-xml';
  version: string;
  top: string;
  part: string;
  family?: string;
  flowTarget?: string;
  clock: { targetNs: number; estimatedNs: number; uncertaintyNs?: number; met: boolean };
  pipelineType?: string;
  latency: { best: Cycles; average: Cycles; worst: Cycles; intervalMin: Cycles; intervalMax: Cycles; worstAbsolute?: string };
  /** `DSP48E` (Vivado HLS on 7-series) is reported as dsp too. */
  resources: Resources;
  available: Resources;
  modules: Array<{ name: string; latencyWorst?: Cycles; resources: Resources }>;
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'Module' || name === 'RtlPorts',
});

type Node = Record<string, unknown>;

export function parseCsynthXml(text: string, fileName: string): CsynthXml {
  let doc: Node;
  try {
    doc = parser.parse(text) as Node;
  } catch (err) {
    throw reportError(`not well-formed XML: ${(err as Error).message}`, { file: fileName });
  }
  const profile = doc.profile as Node | undefined;
  if (!profile || typeof profile !== 'object') throw reportError('no <profile> root: not a csynth.xml', { file: fileName, section: 'profile' });
  const need = (node: Node | undefined, name: string, section: string): Node => {
    const v = node?.[name];
    if (!v || typeof v !== 'object') throw reportError(`missing <${name}>`, { file: fileName, section });
    return v as Node;
  };
  const str = (node: Node, name: string, section: string): string => {
    const v = node[name];
    if (v === undefined || typeof v === 'object') throw reportError(`missing <${name}>`, { file: fileName, section, field: name });
    return String(v);
  };
  const number = (node: Node, name: string, section: string): number => {
    const s = str(node, name, section);
    const n = Number(s);
    if (!Number.isFinite(n)) throw reportError(`<${name}> is not a number: '${s}'`, { file: fileName, section, field: name });
    return n;
  };
  const cycles = (node: Node, name: string, section: string): Cycles => {
    const s = str(node, name, section);
    if (s === 'undef') return 'undef';
    const n = Number(s);
    if (!Number.isFinite(n)) throw reportError(`<${name}> is neither a cycle count nor 'undef': '${s}'`, { file: fileName, section, field: name });
    return n;
  };

  const version = str(need(profile, 'ReportVersion', 'ReportVersion'), 'Version', 'ReportVersion');
  const ua = need(profile, 'UserAssignments', 'UserAssignments');
  const pe = need(profile, 'PerformanceEstimates', 'PerformanceEstimates');
  const timing = need(pe, 'SummaryOfTimingAnalysis', 'PerformanceEstimates/SummaryOfTimingAnalysis');
  const lat = need(pe, 'SummaryOfOverallLatency', 'PerformanceEstimates/SummaryOfOverallLatency');
  const area = need(profile, 'AreaEstimates', 'AreaEstimates');
  const res = readResources(need(area, 'Resources', 'AreaEstimates/Resources'));
  const avail = readResources(need(area, 'AvailableResources', 'AreaEstimates/AvailableResources'));

  const targetNs = number(ua, 'TargetClockPeriod', 'UserAssignments');
  const estimatedNs = number(timing, 'EstimatedClockPeriod', 'PerformanceEstimates/SummaryOfTimingAnalysis');
  const latSec = 'PerformanceEstimates/SummaryOfOverallLatency';
  const latency = {
    best: cycles(lat, 'Best-caseLatency', latSec),
    average: cycles(lat, 'Average-caseLatency', latSec),
    worst: cycles(lat, 'Worst-caseLatency', latSec),
    intervalMin: cycles(lat, 'Interval-min', latSec),
    intervalMax: cycles(lat, 'Interval-max', latSec),
    worstAbsolute: typeof lat['Worst-caseRealTimeLatency'] === 'string' ? (lat['Worst-caseRealTimeLatency'] as string) : undefined,
  };

  const modules: CsynthXml['modules'] = [];
  const mi = profile.ModuleInformation as Node | undefined;
  for (const m of ((mi?.Module as Node[] | undefined) ?? [])) {
    const mpe = m.PerformanceEstimates as Node | undefined;
    const mlat = mpe?.SummaryOfOverallLatency as Node | undefined;
    const w = mlat?.['Worst-caseLatency'];
    const mres = (m.AreaEstimates as Node | undefined)?.Resources as Node | undefined;
    modules.push({
      name: String(m.Name ?? m.ModuleName ?? ''),
      latencyWorst: w === undefined ? undefined : w === 'undef' ? 'undef' : Number(w),
      resources: mres ? readResources(mres) : {},
    });
  }

  const figures = csynthFigures({ targetNs, estimatedNs, worst: latency.worst, best: latency.best, intervalMax: latency.intervalMax }, res, fileName);

  return {
    kind: 'csynth-xml',
    file: fileName,
    // Vivado HLS and early Vitis HLS overlap up to 2020.1; the XML does not say which wrote it.
    tool: Number(version.slice(0, 6)) <= 2020.1 ? 'Vivado/Vitis HLS' : 'Vitis HLS',
    toolVersion: version,
    version,
    top: str(ua, 'TopModelName', 'UserAssignments'),
    part: str(ua, 'Part', 'UserAssignments'),
    family: typeof ua.ProductFamily === 'string' ? ua.ProductFamily : undefined,
    flowTarget: typeof ua.FlowTarget === 'string' ? ua.FlowTarget : undefined,
    clock: {
      targetNs,
      estimatedNs,
      uncertaintyNs: ua.ClockUncertainty !== undefined ? Number(ua.ClockUncertainty) : undefined,
      // Not stored as a flag: compare estimate and target (xilinx-cli.md §6).
      met: estimatedNs <= targetNs,
    },
    pipelineType: typeof pe.PipelineType === 'string' ? pe.PipelineType : undefined,
    latency,
    resources: res,
    available: avail,
    modules,
    figures,
  };
}

function readResources(n: Node): Resources {
  const get = (k: string) => (n[k] === undefined || n[k] === '' ? undefined : Number(n[k]));
  return { bram18k: get('BRAM_18K'), dsp: get('DSP') ?? get('DSP48E'), ff: get('FF'), lut: get('LUT'), uram: get('URAM') };
}

/** The key figures of a csynth report under the same keys whether read from the .rpt or the .xml. */
export function csynthFigures(
  t: { targetNs: number; estimatedNs: number; worst: Cycles; best: Cycles; intervalMax: Cycles },
  r: Resources,
  note: string,
): Record<string, Figure> {
  const src = 'csynth' as const;
  const figures: Record<string, Figure> = {
    clockTargetNs: fig(t.targetNs, 'ns', src, { note }),
    clockEstimatedNs: fig(t.estimatedNs, 'ns', src, { note }),
    fmaxMHz: fig(1000 / t.estimatedNs, 'MHz', src, { note }),
  };
  if (typeof t.worst === 'number') figures.latencyCycles = fig(t.worst, 'cycles', src, { note });
  if (typeof t.best === 'number') figures.latencyBestCycles = fig(t.best, 'cycles', src, { note });
  if (typeof t.intervalMax === 'number') figures.intervalCycles = fig(t.intervalMax, 'cycles', src, { note });
  addResourceFigures(figures, r, src, note);
  return figures;
}

export function addResourceFigures(figures: Record<string, Figure>, r: Resources, source: Figure['source'], note: string): void {
  if (r.lut !== undefined) figures.lut = fig(r.lut, 'LUT', source, { note });
  if (r.ff !== undefined) figures.ff = fig(r.ff, 'FF', source, { note });
  if (r.dsp !== undefined) figures.dsp = fig(r.dsp, 'DSP', source, { note });
  if (r.bram18k !== undefined) figures.bram18k = fig(r.bram18k, 'BRAM_18K', source, { note });
  if (r.uram !== undefined) figures.uram = fig(r.uram, 'URAM', source, { note });
}
