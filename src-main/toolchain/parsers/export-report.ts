/**
 * The HLS export / implementation report (`impl/report/verilog/<top>_export.rpt`, `export_impl.rpt`),
 * written by `export_design -flow impl` or `vitis-run --impl`: plain `key: value` text with
 * `#=== Post-Implementation Resource usage ===` and `#=== Final timing ===` blocks.
 * NOTE: no real file of this kind was available; the layout follows the example output quoted in
 * xilinx-cli.md §6 and the test uses a synthetic file. Parse loosely (by key), fail clearly.
 */
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import type { ParsedReport } from './types';
import { num, toLines } from './text';

export interface ExportReport extends ParsedReport {
  kind: 'export-report';
  project?: string;
  solution?: string;
  device?: string;
  resources: Record<string, number>;
  timing: { requiredNs?: number; postSynthesisNs?: number; postImplementationNs?: number; met?: boolean };
}

export function parseExportReport(text: string, fileName: string): ExportReport {
  const lines = toLines(text);
  const header: Record<string, string> = {};
  const blocks: Record<string, Record<string, string>> = {};
  let block = '';
  let met: boolean | undefined;
  for (const raw of lines) {
    const l = raw.trim();
    const b = /^#=+\s*(.*?)\s*=+\s*$/.exec(l);
    if (b) { block = b[1]; blocks[block] = {}; continue; }
    if (/^Timing not met/i.test(l)) met = false;
    else if (/^Timing met/i.test(l)) met = true;
    const kv = /^([A-Za-z][A-Za-z0-9 _\-/().]*?)\s*:\s*(.+)$/.exec(l);
    if (!kv) continue;
    if (block) blocks[block][kv[1]] = kv[2].trim();
    else header[kv[1]] = kv[2].trim();
  }
  const impl = header['Implementation tool'];
  if (!impl) throw reportError("missing 'Implementation tool:' header", { file: fileName, section: 'header', field: 'Implementation tool' });
  const resBlock = Object.keys(blocks).find((k) => /Resource usage/i.test(k));
  if (!resBlock) throw reportError('section not found', { file: fileName, section: 'Post-Implementation Resource usage' });
  const timBlock = Object.keys(blocks).find((k) => /Final timing/i.test(k));
  if (!timBlock) throw reportError('section not found', { file: fileName, section: 'Final timing' });

  const resources: Record<string, number> = {};
  for (const [k, v] of Object.entries(blocks[resBlock])) {
    const n = num(v);
    if (n !== undefined) resources[k.toUpperCase()] = n;
  }
  const t = blocks[timBlock];
  const timing = {
    requiredNs: num(t['CP required']),
    postSynthesisNs: num(t['CP achieved post-synthesis']),
    postImplementationNs: num(t['CP achieved post-implementation']),
    met,
  };
  if (timing.met === undefined && timing.requiredNs !== undefined && timing.postImplementationNs !== undefined) timing.met = timing.postImplementationNs <= timing.requiredNs;

  const note = fileName;
  const figures: Record<string, Figure> = {};
  const map: Array<[string, string, string]> = [['LUT', 'lut', 'LUT'], ['FF', 'ff', 'FF'], ['DSP', 'dsp', 'DSP'], ['URAM', 'uram', 'URAM'], ['SLICE', 'slice', 'SLICE'], ['CLB', 'clb', 'CLB']];
  for (const [k, name, unit] of map) if (resources[k] !== undefined) figures[name] = fig(resources[k], unit, 'impl', { note });
  // Whether BRAM here counts 36K tiles or 18K halves is not confirmed by a real file: keep it as printed.
  if (resources.BRAM !== undefined) figures.bram = fig(resources.BRAM, 'BRAM (as printed)', 'impl', { note });
  if (timing.postImplementationNs) {
    figures.clockAchievedNs = fig(timing.postImplementationNs, 'ns', 'impl', { note });
    figures.fmaxMHz = fig(1000 / timing.postImplementationNs, 'MHz', 'impl', { note });
  }
  return {
    kind: 'export-report', file: fileName, tool: impl.replace(/\s+v\.?\d.*$/, '').replace(/^Xilinx\s+/, ''),
    toolVersion: /v\.?(\d{4}\.\d+)/.exec(impl)?.[1],
    project: header.Project, solution: header.Solution, device: header['Device target'],
    resources, timing, figures,
  };
}
