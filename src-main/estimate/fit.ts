/**
 * Fits-board check: utilisation per resource against the board's capacity, with headroom limits for
 * timing closure (FINN floorplanner defaults: LUT 70 %, FF 50 %, BRAM 80 %, URAM 80 %, DSP 80 %). An
 * over-budget plan names each resource and its overflow.
 */
import type { BoardSpec } from '../boards/board-spec';
import { fig, type Figure } from '../core/figure';
import type { Res } from './fabric';
import type { FitResult, Overflow, ResourceKey } from './types';

export type { FitResult, Overflow, ResourceKey } from './types';

export const RESOURCE_KEYS = ['lut', 'ff', 'dsp', 'bram18k', 'uram'] as const satisfies readonly ResourceKey[];

export const RESOURCE_LABEL: Record<ResourceKey, string> = { lut: 'LUT', ff: 'FF', dsp: 'DSP', bram18k: 'BRAM18K', uram: 'URAM' };

export const DEFAULT_HEADROOM: Record<ResourceKey, number> = { lut: 0.7, ff: 0.5, dsp: 0.8, bram18k: 0.8, uram: 0.8 };

export function checkFit(r: Res, board: BoardSpec, clockMHz: number, headroom: Partial<Record<ResourceKey, number>> = {}): FitResult {
  const limits = { ...DEFAULT_HEADROOM, ...headroom };
  const util = {} as Record<ResourceKey, Figure>;
  const over: Overflow[] = [];
  const tight: string[] = [];
  for (const key of RESOURCE_KEYS) {
    const used = r[key];
    const avail = board.resources[key];
    const pct = avail > 0 ? (used / avail) * 100 : used > 0 ? Infinity : 0;
    util[key] = fig(Number.isFinite(pct) ? Math.round(pct * 10) / 10 : 0, '%', 'estimate', Number.isFinite(pct) ? {} : { note: `${board.name} has no ${RESOURCE_LABEL[key]}` });
    if (used > avail) {
      const n = (x: number) => x.toLocaleString('en-US');
      over.push({
        resource: key,
        used,
        available: avail,
        overflow: used - avail,
        message: avail > 0
          ? `${RESOURCE_LABEL[key]}: ${n(used)} needed, ${n(avail)} available on ${board.name} — over by ${n(used - avail)} (${pct.toFixed(1)} %)`
          : `${RESOURCE_LABEL[key]}: ${n(used)} needed, ${board.name} has none`,
      });
    } else if (avail > 0 && used / avail > limits[key]) {
      tight.push(`${RESOURCE_LABEL[key]} at ${pct.toFixed(1)} % is above the ${Math.round(limits[key] * 100)} % headroom limit for timing closure`);
    }
  }
  const messages = over.length ? [`over budget on ${board.name}:`, ...over.map((o) => `  ${o.message}`)] : [`fits ${board.name}`];
  messages.push(...tight);
  if (clockMHz > board.clocks.maxMHz) messages.push(`clock ${clockMHz} MHz is above ${board.name}'s usual maximum of ${board.clocks.maxMHz} MHz`);
  return { fits: over.length === 0, fitsWithHeadroom: over.length === 0 && tight.length === 0, utilisation: util, headroom: limits, over, tight, messages };
}
