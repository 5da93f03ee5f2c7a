/**
 * Vivado report_utilization. 7-series: `Slice Logic` with `Slice LUTs` / `Slice Registers`;
 * UltraScale(+): `CLB Logic` with `CLB LUTs` / `CLB Registers`. Section numbers differ between placed
 * and synthesized reports, so sections are found by title, and columns by header text (2020.x+ adds
 * `Prohibited` between Fixed and Available). BRAM is reported in 36Kb tiles; bram18k = 2 × tiles.
 */
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import type { ParsedReport } from './types';
import { col, num, readTable, row, toLines, vivadoHeader, vivadoSection, vivadoVersion, type TextTable } from './text';

export interface UtilItem { used: number; available?: number; utilPct?: number }

export interface UtilizationReport extends ParsedReport {
  kind: 'utilization-report';
  design?: string;
  device?: string;
  designState?: string;
  layout: '7-series' | 'ultrascale';
  lut: UtilItem;
  ff: UtilItem;
  bramTiles: UtilItem;
  dsp: UtilItem;
  uram?: UtilItem;
}

export function parseUtilizationReport(text: string, fileName: string): UtilizationReport {
  const lines = toLines(text);
  const hdr = vivadoHeader(lines);
  if (hdr.Command && !/report_utilization/.test(hdr.Command)) throw reportError(`not a report_utilization file (Command: ${hdr.Command})`, { file: fileName, section: 'header' });

  let logic: TextTable;
  let layout: UtilizationReport['layout'];
  const tableIn = (title: RegExp, name: string): TextTable => {
    const s = vivadoSection(lines, title, fileName, name);
    const t = readTable(lines, s.start, s.end);
    if (!t) throw reportError('table not found', { file: fileName, section: name });
    return t;
  };
  try {
    logic = tableIn(/^Slice Logic$/, 'Slice Logic');
    layout = '7-series';
  } catch {
    try {
      logic = tableIn(/^CLB Logic$/, 'CLB Logic');
      layout = 'ultrascale';
    } catch {
      throw reportError('section not found', { file: fileName, section: 'Slice Logic / CLB Logic' });
    }
  }
  const item = (t: TextTable, name: RegExp, section: string): UtilItem => {
    const r = row(t, name);
    const iUsed = col(t, 'Used');
    if (!r || iUsed < 0) throw reportError(`no '${name.source.replace(/[\^$\\]/g, '')}' row`, { file: fileName, section });
    const used = num(r[iUsed]);
    if (used === undefined) throw reportError(`'${r[0]}' has no Used value`, { file: fileName, section });
    const iA = col(t, 'Available');
    const iP = col(t, 'Util%');
    return { used, available: iA >= 0 ? num(r[iA]) : undefined, utilPct: iP >= 0 ? num(r[iP]) : undefined };
  };
  const sec = layout === '7-series' ? 'Slice Logic' : 'CLB Logic';
  const lut = item(logic, layout === '7-series' ? /^Slice LUTs$/ : /^CLB LUTs$/, sec);
  const ff = item(logic, layout === '7-series' ? /^Slice Registers$/ : /^CLB Registers$/, sec);
  const mem = tableIn(/^(Memory|BLOCKRAM)$/, 'Memory');
  const bramTiles = item(mem, /^Block RAM Tile$/, 'Memory');
  const uramRow = row(mem, /^URAM$/);
  const uram = uramRow ? item(mem, /^URAM$/, 'Memory') : undefined;
  const dspT = tableIn(/^(DSP|ARITHMETIC)$/, 'DSP');
  const dsp = item(dspT, /^DSPs$/, 'DSP');

  const note = `${fileName}${hdr['Design State'] ? ` (${hdr['Design State']})` : ''}`;
  const src = 'impl' as const;
  const figures: Record<string, Figure> = {
    lut: fig(lut.used, 'LUT', src, { note }),
    ff: fig(ff.used, 'FF', src, { note }),
    dsp: fig(dsp.used, 'DSP', src, { note }),
    bram18k: fig(bramTiles.used * 2, 'BRAM_18K', src, { note }),
  };
  if (uram) figures.uram = fig(uram.used, 'URAM', src, { note });
  const toolVersion = vivadoVersion(hdr['Tool Version']);
  return {
    kind: 'utilization-report', file: fileName, tool: 'Vivado', toolVersion,
    design: hdr.Design, device: hdr.Device, designState: hdr['Design State'], layout,
    lut, ff, bramTiles, dsp, uram, figures,
  };
}
