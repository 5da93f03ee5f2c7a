/**
 * What the emulated board produces, in TypeScript: the same deterministic sample function as the
 * agent's emu.h (bit-for-bit, so tests can check every accepted sample), and the per-rail means the
 * emulator is started with (from a power estimate, split over the board's rails).
 */
import type { BoardSpec } from '../boards/board-spec';

export function mix32(x: number): number {
  x >>>= 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

export function emuHash(seed: number, index: number, channel: number): number {
  const inner = (Math.imul(index >>> 0, 0x9e3779b9) + Math.imul(channel >>> 0, 0x85ebca6b) + 1) >>> 0;
  return mix32((seed >>> 0) ^ mix32(inner));
}

/** mean ± noise in 2001 integer steps, as fw_emu_value() in boards/agent/src/emu.h. */
export function emuValue(seed: number, index: number, channel: number, mean: number, noise: number): number {
  const step = (emuHash(seed, index, channel) % 2001) - 1000;
  const v = mean + Math.trunc((step * noise) / 1000);
  return v < 0 ? 0 : v;
}

/** Expected µW of rail `railIndex` at sample `index` (the agent uses channel railIndex + 1). */
export const expectedRailSample = (seed: number, index: number, railIndex: number, meanUw: number, noiseUw: number): number =>
  emuValue(seed, index, railIndex + 1, meanUw, Math.min(noiseUw, meanUw));

export interface EmuRail {
  name: string;
  meanUw: number;
  noiseUw: number;
}

/**
 * PS-side and other fixed rails do not depend on the accelerator; these idle figures are placeholders
 * (not measured on a board) so that the emulated PS/MGT groups are plausible, and they are labelled
 * emulated wherever they appear.
 */
const FIXED_W: Record<string, number> = {
  VCCPSINTFP: 0.6, VCCPSINTLP: 0.2, VCCPSAUX: 0.1, VCCPSPLL: 0.02, VCCO_PSDDR_504: 0.3, VCCOPS: 0.01, VCCOPS3: 0.01, VCCPSDDRPLL: 0.01,
  MGTRAVCC: 0.05, MGTRAVTT: 0.05, MGTAVCC: 0.05, MGTAVTT: 0.05, VADJ_FMC: 0.1,
};

/**
 * Per-rail means for the emulator. `plPowerW` is the estimator's PL power (default 2 W): 70 % on VCCINT,
 * the rest spread over the other PL rails; a 'board'-group rail (whole-SOM sensors) gets PS idle + PL.
 * `railWatts` (the estimator's per-rail figures, by rail name) overrides any rail it names.
 */
export function emulatedRails(board: BoardSpec, opts: { plPowerW?: number; noisePct?: number; railWatts?: Record<string, number> } = {}): EmuRail[] {
  const pl = opts.plPowerW ?? 2.0;
  const noisePct = opts.noisePct ?? 3;
  const plRails = board.power.rails.filter((r) => r.group === 'PL');
  const hasVccint = plRails.some((r) => r.name === 'VCCINT');
  const others = plRails.filter((r) => r.name !== 'VCCINT');
  const boardRails = board.power.rails.filter((r) => r.group === 'board' && !(r.name in FIXED_W));
  return board.power.rails.map((r) => {
    let w: number;
    if (r.group === 'PL') {
      if (!hasVccint) w = pl / plRails.length;
      else if (r.name === 'VCCINT') w = others.length ? pl * 0.7 : pl;
      else w = (pl * 0.3) / others.length;
    } else if (r.name in FIXED_W) w = FIXED_W[r.name];
    else if (r.group === 'board') w = (plRails.length ? 1.5 : 1.5 + pl) / Math.max(1, boardRails.length);
    else w = 0.5;
    // a per-rail figure from the estimator wins over the split above
    if (opts.railWatts && Number.isFinite(opts.railWatts[r.name])) w = Math.max(0, opts.railWatts[r.name]);
    const meanUw = Math.round(w * 1e6);
    return { name: r.name, meanUw, noiseUw: Math.round((meanUw * noisePct) / 100) };
  });
}
