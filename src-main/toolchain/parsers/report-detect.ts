/**
 * Which parser applies to a file: by name first (tools use fixed names), then by content (HeteroCL
 * and others rename reports), so `report FILE` works on any file the parsers know.
 */
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fileError, inputError } from '../../core/errors';
import type { ParsedReport, ReportKind } from './types';
import { parseCsynthXml } from './csynth-xml';
import { parseCsynthReport } from './csynth-report';
import { parseExportReport } from './export-report';
import { parseUtilizationReport } from './utilization-report';
import { parseTimingReport } from './timing-report';
import { parsePowerReport } from './power-report';
import { parseHlsLog } from './hls-log';

export function detectReport(fileName: string, head: string): ReportKind | undefined {
  const base = path.basename(fileName).toLowerCase();
  const cmd = /\|\s*Command\s*:\s*(report_\w+)/.exec(head)?.[1];
  if (cmd === 'report_utilization') return 'utilization-report';
  if (cmd === 'report_timing_summary') return 'timing-report';
  if (cmd === 'report_power') return 'power-report';
  if (/<profile>/.test(head) && head.includes('<ReportVersion>')) return 'csynth-xml';
  if (/^== (Vivado|Vitis) HLS Report for '/m.test(head)) return 'csynth-report';
  if (/^Implementation tool\s*:/m.test(head) || /_export\.rpt$|^export_impl\.rpt$/.test(base)) return 'export-report';
  if (/\*{6} (Vitis HLS|Vivado\(TM\) HLS|Vivado HLS|Scout HLS) - High-Level Synthesis/.test(head) || /INFO: \[HLS 200-10\] Running '/.test(head)) return 'hls-log';
  // By name when the head is inconclusive (e.g. a truncated file).
  if (/csynth\.xml$/.test(base)) return 'csynth-xml';
  if (/csynth\.rpt$/.test(base)) return 'csynth-report';
  if (/utilization.*\.rpt$/.test(base)) return 'utilization-report';
  if (/timing_summary.*\.rpt$/.test(base)) return 'timing-report';
  if (/power.*\.rpt$/.test(base)) return 'power-report';
  if (/^(vitis_hls|vivado_hls|scout_hls)\.log$/.test(base)) return 'hls-log';
  return undefined;
}

export const PARSERS: Record<ReportKind, (text: string, fileName: string) => ParsedReport> = {
  'csynth-xml': parseCsynthXml,
  'csynth-report': parseCsynthReport,
  'export-report': parseExportReport,
  'utilization-report': parseUtilizationReport,
  'timing-report': parseTimingReport,
  'power-report': parsePowerReport,
  'hls-log': parseHlsLog,
};

/** Parse text with the parser that applies; throws E_INPUT when none does. */
export function parseReportText(text: string, fileName: string): ParsedReport {
  const kind = detectReport(fileName, text.slice(0, 4000));
  if (!kind) throw inputError('not a report this tool knows (csynth xml/rpt, export, utilization, timing, power, HLS log)', { file: fileName });
  return PARSERS[kind](text, fileName);
}

export async function parseReportFile(file: string): Promise<ParsedReport> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    throw fileError(`cannot read: ${(err as Error).message}`, { file }, err);
  }
  // latin1 keeps the odd non-UTF-8 byte of testbench output from turning into replacement chars.
  return parseReportText(buf.toString('latin1'), file);
}
