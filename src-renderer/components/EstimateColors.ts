// Colours of figure sources in charts, matching the source badges (readable on light and dark).
import type { FigureSource } from '../../src-main/api/contract';

export const SOURCE_COLOR: Record<FigureSource, string> = {
  estimate: '#7b61ff', csim: '#00897b', csynth: '#1e88e5', impl: '#3949ab', measured: '#2e9d3a', emulated: '#d08a00', published: '#8a93a3',
};

/** Per-unit / per-kind palette for stacked bars. */
export const PALETTE = ['#5b8dff', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#9c755f', '#ff9da7', '#86bcb6'];

export const RESOURCES = [
  { key: 'lut', label: 'LUT' },
  { key: 'ff', label: 'FF' },
  { key: 'dsp', label: 'DSP' },
  { key: 'bram18k', label: 'BRAM18K' },
  { key: 'uram', label: 'URAM' },
] as const;

export const pct = (x: number | undefined): string => (x === undefined ? '–' : `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`);
