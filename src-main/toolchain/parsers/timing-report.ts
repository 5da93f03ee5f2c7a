/**
 * Vivado report_timing_summary: the `Design Timing Summary` block (one header row, a dashes row, one
 * value row; values can be `NA` when nothing is constrained) and the met / not-met sentence after it.
 */
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import type { ParsedReport } from './types';
import { findLine, num, toLines, vivadoHeader, vivadoVersion } from './text';

export interface TimingReport extends ParsedReport {
  kind: 'timing-report';
  design?: string;
  device?: string;
  /** undefined where the report says NA. */
  wnsNs?: number;
  tnsNs?: number;
  tnsFailingEndpoints?: number;
  tnsTotalEndpoints?: number;
  whsNs?: number;
  thsNs?: number;
  thsFailingEndpoints?: number;
  wpwsNs?: number;
  /** From the report's own sentence; 'unknown' if neither sentence is there. */
  status: 'met' | 'violated' | 'unknown';
  /** True when the setup/hold figures are all NA (no constrained paths). */
  unconstrained: boolean;
}

const COLS = ['WNS(ns)', 'TNS(ns)', 'TNS Failing Endpoints', 'TNS Total Endpoints', 'WHS(ns)', 'THS(ns)', 'THS Failing Endpoints', 'THS Total Endpoints', 'WPWS(ns)', 'TPWS(ns)', 'TPWS Failing Endpoints', 'TPWS Total Endpoints'];

export function parseTimingReport(text: string, fileName: string): TimingReport {
  const lines = toLines(text);
  const hdr = vivadoHeader(lines);
  const at = findLine(lines, /^\|\s*Design Timing Summary\s*$/);
  if (at < 0) throw reportError('section not found', { file: fileName, section: 'Design Timing Summary' });
  const h = findLine(lines, /^\s*WNS\(ns\)\s+TNS\(ns\)/, at);
  if (h < 0 || h > at + 10) throw reportError('no WNS/TNS header row', { file: fileName, section: 'Design Timing Summary', line: at + 1 });
  // Header names contain spaces, so split the value row by whitespace: the value row has exactly one
  // token per column (numbers or NA), in the order of COLS.
  let v = h + 1;
  while (v < lines.length && (/^\s*-+(\s+-+)*\s*$/.test(lines[v]) || lines[v].trim() === '')) v++;
  const vals = (lines[v] ?? '').trim().split(/\s+/);
  const header = lines[h].trim();
  for (const c of COLS.slice(0, 4)) if (!header.includes(c)) throw reportError(`missing column ${c}`, { file: fileName, section: 'Design Timing Summary', line: h + 1 });
  if (vals.length < 8) throw reportError('value row has too few values', { file: fileName, section: 'Design Timing Summary', line: v + 1 });
  const get = (c: string) => num(vals[COLS.indexOf(c)]);

  const after = lines.slice(v, v + 12).join('\n');
  const status: TimingReport['status'] = /All user specified timing constraints are met\./.test(after)
    ? 'met'
    : /Timing constraints are not met\./.test(after)
      ? 'violated'
      : 'unknown';

  const r: TimingReport = {
    kind: 'timing-report', file: fileName, tool: 'Vivado', toolVersion: vivadoVersion(hdr['Tool Version']),
    design: hdr.Design, device: hdr.Device,
    wnsNs: get('WNS(ns)'), tnsNs: get('TNS(ns)'), tnsFailingEndpoints: get('TNS Failing Endpoints'), tnsTotalEndpoints: get('TNS Total Endpoints'),
    whsNs: get('WHS(ns)'), thsNs: get('THS(ns)'), thsFailingEndpoints: get('THS Failing Endpoints'), wpwsNs: get('WPWS(ns)'),
    status,
    unconstrained: vals.slice(0, 8).every((x) => x === 'NA'),
    figures: {},
  };
  const note = fileName;
  const figures: Record<string, Figure> = {};
  if (r.wnsNs !== undefined) figures.wnsNs = fig(r.wnsNs, 'ns', 'impl', { note });
  if (r.tnsNs !== undefined) figures.tnsNs = fig(r.tnsNs, 'ns', 'impl', { note });
  if (r.tnsFailingEndpoints !== undefined) figures.failingEndpoints = fig(r.tnsFailingEndpoints, 'endpoints', 'impl', { note });
  if (r.whsNs !== undefined) figures.whsNs = fig(r.whsNs, 'ns', 'impl', { note });
  if (r.wpwsNs !== undefined) figures.wpwsNs = fig(r.wpwsNs, 'ns', 'impl', { note });
  r.figures = figures;
  return r;
}
