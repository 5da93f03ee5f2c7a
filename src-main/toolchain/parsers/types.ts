import type { Figure } from '../../core/figure';

/** Which parser a report file needs (see report-detect.ts). */
export type ReportKind =
  | 'csynth-xml'
  | 'csynth-report'
  | 'export-report'
  | 'utilization-report'
  | 'timing-report'
  | 'power-report'
  | 'hls-log';

/**
 * What every parser returns besides its typed fields: the figures a user sees, keyed by a stable
 * name ('lut', 'wnsNs', …) so two runs can be compared key by key. Each figure's note names the file.
 */
export interface ParsedReport {
  kind: ReportKind;
  file: string;
  /** Tool and version as printed in the file, when it says. */
  tool?: string;
  toolVersion?: string;
  figures: Record<string, Figure>;
}

/** Resource counts shared by HLS and Vivado parsers; BRAM is in 18K units everywhere here. */
export interface Resources {
  lut?: number;
  ff?: number;
  dsp?: number;
  bram18k?: number;
  uram?: number;
}
