/**
 * Published figures of the FPGA accelerators for M³ViT-T on ZCU102 (../shared/anchors.md, facts from the
 * papers). Every comparison labels them 'published'; the designs' code is theirs and is not used here.
 */
import { fig, type Figure } from '../core/figure';
import type { PublishedRow } from './types';

export type { PublishedRow } from './types';

export interface PublishedDesign {
  name: string;
  source: string; // paper / venue
  board: 'zcu102';
  model: 'm3vit-t';
  precision: string;
  clockMHz: number;
  latencyMs: number;
  powerW: number;
  gops: number;
  gopsPerW: number;
  dsp?: number;
  /** As published; the papers do not say which BRAM unit (Vivado's "Block RAM Tile" counts are BRAM36). */
  bram?: number;
  lut?: number;
  ff?: number;
}

export const M3VIT_T_PUBLISHED: readonly PublishedDesign[] = [
  { name: 'Edge-MoE', source: 'ICCAD 2023, arXiv 2305.18691', board: 'zcu102', model: 'm3vit-t', precision: 'W16A32', clockMHz: 300, latencyMs: 34.64, powerW: 14.54, gops: 72.15, gopsPerW: 4.83 },
  { name: 'UbiMoE', source: 'arXiv 2502.05602', board: 'zcu102', model: 'm3vit-t', precision: 'W16A32', clockMHz: 300, latencyMs: 25.76, powerW: 11.5, gops: 97.04, gopsPerW: 8.44, dsp: 1850, bram: 458, lut: 123_400, ff: 142_600 },
  { name: 'CoQMoE', source: 'arXiv 2506.08496', board: 'zcu102', model: 'm3vit-t', precision: 'INT8', clockMHz: 300, latencyMs: 6.47, powerW: 9.83, gops: 386.3, gopsPerW: 38.6, dsp: 1754, bram: 383, lut: 156_100, ff: 198_200 },
];

export const ANCHOR_SOURCE = '../shared/anchors.md (figures from the papers)';

/**
 * Operations per image the papers count: GOPS × latency is 2.50 G for all three designs, more than
 * 2 × 0.78 G MAC — they count more than multiply-accumulates. Our GOPS use 2 × MAC; for a like-for-like
 * column we also divide this published op count by our latency.
 */
export const PUBLISHED_OPS_PER_IMAGE = M3VIT_T_PUBLISHED.reduce((s, d) => s + d.gops * 1e9 * (d.latencyMs / 1e3), 0) / M3VIT_T_PUBLISHED.length;

/** The physical limit on ZCU102 for M³ViT-T (anchors.md): compute-bound and weight-streaming-bound times. */
export const M3VIT_T_LIMIT = {
  macs: 0.78e9,
  weights: 17.8e6,
  note: '2,520 DSP × 300 MHz: 1.0 ms (0.5 ms INT8); 35.5 MB of 16-bit weights at 19.2 GB/s: 1.9 ms (8-bit 0.9 ms)',
};

export function publishedRows(): PublishedRow[] {
  return M3VIT_T_PUBLISHED.map((d) => {
    const P = (v: number, unit: string): Figure => fig(v, unit, 'published', { note: `${d.name} (${d.source})` });
    return {
      name: d.name,
      source: d.source,
      precision: d.precision,
      clockMHz: d.clockMHz,
      latencyMs: P(d.latencyMs, 'ms'),
      powerW: P(d.powerW, 'W'),
      gops: P(d.gops, 'GOPS'),
      gopsPerW: P(d.gopsPerW, 'GOPS/W'),
      ...(d.dsp !== undefined ? { dsp: P(d.dsp, 'DSP') } : {}),
      ...(d.bram !== undefined ? { bram: P(d.bram, 'BRAM') } : {}),
      ...(d.lut !== undefined ? { lut: P(d.lut, 'LUT') } : {}),
      ...(d.ff !== undefined ? { ff: P(d.ff, 'FF') } : {}),
    };
  });
}
