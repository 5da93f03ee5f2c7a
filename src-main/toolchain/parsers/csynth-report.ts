/**
 * The csynth text report (`csynth.rpt`, `<top>_csynth.rpt`): `== Vivado HLS Report for 'top'` (≤2020.1,
 * Scout 2019.2) or `== Vitis HLS Report for 'top'`. Timing cells are `10.00` (header `Timing (ns)`) or
 * `4.00 ns`; the latency row has 5 cells (old) or 7 (with absolute latency); the utilization summary
 * names its DSP column `DSP48E` or `DSP`.
 */
import { reportError } from '../../core/errors';
import { csynthFigures, type Cycles } from './csynth-xml';
import type { ParsedReport, Resources } from './types';
import { col, findLine, num, readTable, row, toLines, type TextTable } from './text';

export interface CsynthReport extends ParsedReport {
  kind: 'csynth-report';
  top: string;
  version: string;
  project?: string;
  solution?: string;
  family?: string;
  part?: string;
  clock: { targetNs: number; estimatedNs: number; uncertaintyNs?: number; met: boolean };
  latency: { min: Cycles; max: Cycles; intervalMin: Cycles; intervalMax: Cycles; pipelineType?: string };
  resources: Resources;
  available: Resources;
}

export function parseCsynthReport(text: string, fileName: string): CsynthReport {
  const lines = toLines(text);
  const titleAt = findLine(lines, /^== (Vivado|Vitis) HLS Report for '/);
  if (titleAt < 0) throw reportError("no \"== Vivado/Vitis HLS Report for '…'\" title", { file: fileName, section: 'title' });
  const title = /^== (Vivado|Vitis) HLS Report for '([^']+)'/.exec(lines[titleAt])!;
  const header = (key: string) => {
    const i = findLine(lines, new RegExp(`^\\* ${key}:`), titleAt);
    return i < 0 || i > titleAt + 15 ? undefined : lines[i].replace(/^\*[^:]+:\s*/, '').trim();
  };
  const versionLine = header('Version');
  if (!versionLine) throw reportError('missing "* Version:" line', { file: fileName, section: 'header', field: 'Version' });
  const version = versionLine.split(/\s+/)[0];

  const section = (name: string) => {
    const i = findLine(lines, new RegExp(`^== ${name}`));
    if (i < 0) throw reportError('section not found', { file: fileName, section: name });
    const end = findLine(lines, /^== /, i + 1);
    return { start: i, end: end < 0 ? lines.length : end };
  };
  const table = (name: string, sub: RegExp, sec: { start: number; end: number }): { t: TextTable; at: number } => {
    const at = findLine(lines, sub, sec.start);
    const t = at >= 0 && at < sec.end ? readTable(lines, at, sec.end) : undefined;
    if (!t || t.rows.length === 0) throw reportError('table not found', { file: fileName, section: name });
    return { t, at };
  };

  const perf = section('Performance Estimates');
  const { t: timing } = table('Performance Estimates/Timing', /^\+ Timing/, perf);
  const clk = timing.rows[0];
  const iT = col(timing, 'Target');
  const iE = col(timing, 'Estimated');
  const iU = col(timing, 'Uncertainty');
  const targetNs = num(clk[iT]);
  const estimatedNs = num(clk[iE]);
  if (targetNs === undefined || estimatedNs === undefined) throw reportError('timing summary has no Target/Estimated value', { file: fileName, section: 'Performance Estimates/Timing' });

  const { t: latT, at: latAt } = table('Performance Estimates/Latency', /^\+ Latency/, perf);
  const cells = latT.rows[0];
  const cyc = (c: string | undefined): Cycles => {
    const s = (c ?? '').trim();
    if (s === '?' || s === 'undef') return 'undef';
    const n = num(s);
    if (n === undefined) throw reportError(`latency cell '${s}' is not a number`, { file: fileName, section: 'Performance Estimates/Latency', line: latAt + 1 });
    return n;
  };
  // 5 cells: lat min,max, II min,max, type. 7 cells: + absolute min,max after the cycles.
  const abs = cells.length >= 7 ? 2 : 0;
  const latency = {
    min: cyc(cells[0]),
    max: cyc(cells[1]),
    intervalMin: cyc(cells[2 + abs]),
    intervalMax: cyc(cells[3 + abs]),
    pipelineType: cells[4 + abs]?.trim() || undefined,
  };

  const util = section('Utilization Estimates');
  const { t: u } = table('Utilization Estimates/Summary', /^\* Summary/, util);
  const pick = (r: string[] | undefined): Resources => {
    if (!r) return {};
    const v = (name: string | RegExp) => {
      const i = col(u, name);
      return i < 0 ? undefined : num(r[i]);
    };
    return { bram18k: v('BRAM_18K'), dsp: v(/^DSP(48E)?$/), ff: v('FF'), lut: v('LUT'), uram: v('URAM') };
  };
  const totalRow = row(u, 'Total');
  if (!totalRow) throw reportError('no Total row', { file: fileName, section: 'Utilization Estimates/Summary' });
  const resources = pick(totalRow);
  const available = pick(row(u, 'Available'));

  const figures = csynthFigures({ targetNs, estimatedNs, worst: latency.max, best: latency.min, intervalMax: latency.intervalMax }, resources, fileName);

  const solution = header('Solution');
  return {
    kind: 'csynth-report',
    file: fileName,
    tool: title[1] === 'Vitis' ? 'Vitis HLS' : 'Vivado HLS',
    toolVersion: version,
    top: title[2],
    version,
    project: header('Project'),
    solution,
    family: header('Product family'),
    part: header('Target device'),
    clock: { targetNs, estimatedNs, uncertaintyNs: iU >= 0 ? num(clk[iU]) : undefined, met: estimatedNs <= targetNs },
    latency,
    resources,
    available,
    figures,
  };
}
