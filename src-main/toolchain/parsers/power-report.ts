/**
 * Vivado report_power: `1. Summary` (two-column key table), `1.1 On-Chip Components`, `1.2 Power
 * Supply Summary` (per rail). Values may be `<0.001`: kept as text and as a number (0.001 bound).
 */
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import type { ParsedReport } from './types';
import { col, num, readTable, row, toLines, vivadoHeader, vivadoSection, vivadoVersion } from './text';

export interface PowerValue { text: string; w?: number; lessThan?: boolean }

export interface PowerReport extends ParsedReport {
  kind: 'power-report';
  design?: string;
  device?: string;
  totalW: number;
  dynamicW: number;
  staticW: number;
  junctionC?: number;
  confidence?: string;
  components: Array<{ name: string; power: PowerValue; used?: number; available?: number }>;
  rails: Array<{ source: string; voltageV?: number; totalA?: number; dynamicA?: number; staticA?: number }>;
}

export function parsePowerReport(text: string, fileName: string): PowerReport {
  const lines = toLines(text);
  const hdr = vivadoHeader(lines);
  const sum = vivadoSection(lines, /^Summary$/, fileName);
  const st = readTable(lines, sum.start, sum.end);
  if (!st) throw reportError('table not found', { file: fileName, section: 'Summary' });
  const kv = (key: string): string | undefined => row(st, key)?.[1];
  const need = (key: string): number => {
    const v = num(kv(key));
    if (v === undefined) throw reportError(`no '${key}' value`, { file: fileName, section: 'Summary', field: key });
    return v;
  };
  const totalW = need('Total On-Chip Power (W)');
  const dynamicW = need('Dynamic (W)');
  const staticW = need('Device Static (W)');

  const comp = vivadoSection(lines, /^On-Chip Components$/, fileName);
  const ct = readTable(lines, comp.start, comp.end);
  if (!ct) throw reportError('table not found', { file: fileName, section: 'On-Chip Components' });
  const iP = col(ct, 'Power (W)');
  const iU = col(ct, 'Used');
  const iA = col(ct, 'Available');
  const components = ct.rows
    // Indented sub-rows ("  LUT as Logic") lose their indent when trimmed; keep them, they carry detail.
    .map((r) => ({ name: r[0], power: pv(r[iP]), used: iU >= 0 ? num(r[iU]) : undefined, available: iA >= 0 ? num(r[iA]) : undefined }));

  const sup = vivadoSection(lines, /^Power Supply Summary$/, fileName);
  const rt = readTable(lines, sup.start, sup.end);
  if (!rt) throw reportError('table not found', { file: fileName, section: 'Power Supply Summary' });
  const c = (n: string) => col(rt, n);
  const rails = rt.rows.map((r) => ({
    source: r[c('Source')],
    voltageV: num(r[c('Voltage (V)')]),
    totalA: num(r[c('Total (A)')]),
    dynamicA: num(r[c('Dynamic (A)')]),
    staticA: num(r[c('Static (A)')]),
  }));

  const note = fileName;
  const figures: Record<string, Figure> = {
    powerTotalW: fig(totalW, 'W', 'impl', { note }),
    powerDynamicW: fig(dynamicW, 'W', 'impl', { note }),
    powerStaticW: fig(staticW, 'W', 'impl', { note }),
  };
  const junctionC = num(kv('Junction Temperature (C)'));
  if (junctionC !== undefined) figures.junctionC = fig(junctionC, '°C', 'impl', { note });
  return {
    kind: 'power-report', file: fileName, tool: 'Vivado', toolVersion: vivadoVersion(hdr['Tool Version']),
    design: hdr.Design, device: hdr.Device,
    totalW, dynamicW, staticW, junctionC, confidence: kv('Confidence Level'),
    components, rails, figures,
  };
}

function pv(cell: string | undefined): PowerValue {
  const text = (cell ?? '').trim();
  return { text, w: num(text), lessThan: text.startsWith('<') || undefined };
}
