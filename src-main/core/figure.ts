/**
 * Every number a user sees is a Figure and says where it came from. 'emulated' (the host-built board
 * agent) is never shown as 'measured'; 'published' marks figures quoted from papers (../shared/anchors.md).
 */
export type FigureSource = 'estimate' | 'csim' | 'csynth' | 'impl' | 'measured' | 'emulated' | 'published';

export interface Figure {
  value: number;
  unit: string;
  source: FigureSource;
  runId?: string;
  /** Free text shown beside the figure, e.g. the paper or the report file it came from. */
  note?: string;
}

export const fig = (value: number, unit: string, source: FigureSource, extra: Partial<Figure> = {}): Figure => ({ value, unit, source, ...extra });

/** "12.3 ms [estimate]" — the CLI's way to show a figure with its source. */
export function formatFigure(f: Figure, digits = 3): string {
  const v = Math.abs(f.value) >= 1000 || Number.isInteger(f.value) ? f.value.toLocaleString('en-US', { maximumFractionDigits: digits }) : f.value.toPrecision(digits);
  return `${v}${f.unit ? ' ' + f.unit : ''} [${f.source}]`;
}
