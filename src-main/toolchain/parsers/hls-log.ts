/**
 * An HLS session log (vitis_hls.log, vivado_hls.log, scout_hls.log, <solution>.log): which tool and
 * version ran, the Tcl commands it ran, Estimated Fmax, csim / cosim verdicts, and whether it failed.
 */
import { fig, type Figure } from '../../core/figure';
import { reportError } from '../../core/errors';
import { classifyLog, stripAnsi, type LogMessage } from '../log-classifier';
import type { ParsedReport } from './types';

export interface HlsLog extends ParsedReport {
  kind: 'hls-log';
  tool: string;
  toolVersion: string;
  /** Install path of the binary, from `HLS 200-10 Running '<path>'`. */
  binary?: string;
  commands: string[];
  fmaxMHz?: number;
  csim: 'pass' | 'fail' | 'not-run';
  cosim: 'pass' | 'fail' | 'not-run';
  /** An ERROR line or a Tcl traceback ("while executing") was seen. Exit code is the caller's. */
  failed: boolean;
  errors: LogMessage[];
  counts: { error: number; criticalWarning: number; warning: number };
  elapsedS?: number;
}

export function parseHlsLog(text: string, fileName: string): HlsLog {
  const clean = stripAnsi(text).replace(/\r/g, '\n');
  const banner = /\*{6} (Vitis HLS|Vivado\(TM\) HLS|Vivado HLS|Scout HLS) - High-Level Synthesis .*? v(\d{4}\.\d+(?:\.\d+)?)/.exec(clean);
  const running = /INFO: \[HLS 200-10\] Running '([^']+)'/.exec(clean);
  let tool = banner?.[1]?.replace('Vivado(TM) HLS', 'Vivado HLS');
  let toolVersion = banner?.[2];
  if (!banner && running) {
    // Logs without the banner (csynth.tcl sourced from a GUI session) still name the install path.
    const m = /\/(Vitis_HLS|Vivado_HLS|Vivado|Scout|Vitis)\/(\d{4}\.\d+)\//.exec(running[1]);
    const exe = running[1].split('/').pop() ?? '';
    tool = exe === 'vivado_hls' ? 'Vivado HLS' : exe === 'scout_hls' ? 'Scout HLS' : 'Vitis HLS';
    toolVersion = m?.[2];
  }
  if (!tool || !toolVersion) throw reportError('no tool banner or "HLS 200-10 Running" line: not an HLS log', { file: fileName, section: 'banner' });

  const commands = [...clean.matchAll(/^INFO: \[HLS 200-1510\] Running: (.*?)\s*$/gm)].map((m) => m[1]);
  const fmax = /INFO: \[HLS 200-789\] \*+ Estimated Fmax: ([\d.]+) MHz/.exec(clean);
  const summary = classifyLog(text);
  const csimFail = /ERROR: \[SIM 211-100\]/.test(clean);
  const csimPass = /INFO: \[SIM 211-1\] CSim done with 0 errors\./.test(clean);
  const cosim = /\[COSIM 212-1000\] \*+ C\/RTL co-simulation finished: (PASS|FAIL)/.exec(clean);
  const elapsed = /INFO: \[HLS 200-112\] .*?Total elapsed time: ([\d.]+) seconds/.exec(clean);
  const errors = summary.messages.filter((m) => m.severity === 'ERROR');

  const figures: Record<string, Figure> = {};
  if (fmax) figures.fmaxMHz = fig(Number(fmax[1]), 'MHz', 'csynth', { note: `${fileName} (HLS 200-789)` });
  return {
    kind: 'hls-log', file: fileName, tool, toolVersion,
    binary: running?.[1],
    commands,
    fmaxMHz: fmax ? Number(fmax[1]) : undefined,
    csim: csimFail ? 'fail' : csimPass ? 'pass' : 'not-run',
    cosim: cosim ? (cosim[1] === 'PASS' ? 'pass' : 'fail') : /ERROR: \[COSIM /.test(clean) ? 'fail' : 'not-run',
    failed: errors.length > 0 || /^\s+while executing$/m.test(clean),
    errors,
    counts: summary.counts,
    elapsedS: elapsed ? Number(elapsed[1]) : undefined,
    figures,
  };
}
