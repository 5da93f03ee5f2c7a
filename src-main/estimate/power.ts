/**
 * Power: static per part family (scaled by device size) + dynamic per resource type × clock × activity,
 * split onto the PL rails (VCCINT / VCCBRAM / VCCAUX) and, on SoC boards, a PS + DDR term from the
 * weight traffic. Coefficients are first-order UltraScale+-class figures; calibration from report_power
 * scales them.
 */
import type { BoardSpec } from '../boards/board-spec';
import type { Res } from './fabric';

export interface PowerCoefficients {
  /** Dynamic µW per MHz per element when busy (data toggling, typical 12.5–25 % bit activity). */
  lut: number;
  ff: number;
  dsp: number;
  bram18k: number;
  uram: number;
  /** Clock-tree µW per MHz per flip-flop (toggles whether the unit is busy or not). */
  clock: number;
  /** Share of BRAM dynamic power drawn from VCCBRAM (the array); the rest (ports, logic) is VCCINT. */
  bramRailShare: number;
  /** DRAM + controller energy per byte read, pJ. */
  ddrPjPerByte: number;
}

export const DEFAULT_POWER: PowerCoefficients = {
  lut: 0.012,
  ff: 0.004,
  dsp: 5.0,
  bram18k: 4.5,
  uram: 9.0,
  clock: 0.002,
  bramRailShare: 0.4,
  ddrPjPerByte: 160,
};

/** Static W per 100k LUTs of the device (VCCINT, VCCBRAM, VCCAUX) and the PS floor, per family. */
const STATIC: Record<BoardSpec['family'], { int: number; bram: number; aux: number; ps: number }> = {
  'zynq-ultrascale+': { int: 0.16, bram: 0.012, aux: 0.06, ps: 1.0 },
  kria: { int: 0.16, bram: 0.012, aux: 0.06, ps: 1.0 },
  'zynq-7000': { int: 0.15, bram: 0.01, aux: 0.06, ps: 0.5 },
  versal: { int: 0.12, bram: 0.01, aux: 0.05, ps: 1.5 },
  alveo: { int: 0.16, bram: 0.012, aux: 0.06, ps: 0 },
};

export interface PowerBreakdown {
  totalW: number; // PL + PS/DDR
  plW: number;
  staticW: number;
  dynamicW: number;
  psDdrW: number;
  rails: Array<{ name: string; watts: number; sensor?: string }>;
  byResource: { lut: number; ff: number; clock: number; dsp: number; bram: number; uram: number; static: number; psDdr: number };
}

export interface UnitActivity {
  res: Res;
  /** Fraction of the inference this unit computes. */
  activity: number;
}

export function estimatePower(units: readonly UnitActivity[], board: BoardSpec, clockMHz: number, ddrBytes: number, latencyS: number, c: PowerCoefficients = DEFAULT_POWER): PowerBreakdown {
  const by = { lut: 0, ff: 0, clock: 0, dsp: 0, bram: 0, uram: 0, static: 0, psDdr: 0 };
  for (const u of units) {
    const f = clockMHz * 1e-6; // µW/MHz × MHz → W
    by.lut += u.res.lut * c.lut * u.activity * f;
    by.ff += u.res.ff * c.ff * u.activity * f;
    by.clock += u.res.ff * c.clock * f;
    by.dsp += u.res.dsp * c.dsp * u.activity * f;
    by.bram += u.res.bram18k * c.bram18k * u.activity * f;
    by.uram += u.res.uram * c.uram * u.activity * f;
  }
  const st = STATIC[board.family];
  const scale = board.resources.lut / 1e5;
  const sInt = st.int * scale;
  const sBram = st.bram * scale;
  const sAux = st.aux * scale;
  by.static = sInt + sBram + sAux;
  const ddrW = latencyS > 0 ? (ddrBytes * c.ddrPjPerByte * 1e-12) / latencyS : 0;
  by.psDdr = st.ps > 0 ? st.ps + ddrW : ddrW;
  const bramArray = by.bram * c.bramRailShare;
  const vccint = sInt + by.lut + by.ff + by.clock + by.dsp + by.uram + (by.bram - bramArray);
  const vccbram = sBram + bramArray;
  const vccaux = sAux;
  const dynamicW = by.lut + by.ff + by.clock + by.dsp + by.bram + by.uram;
  const plW = vccint + vccbram + vccaux;
  // The PL supplies every part has; `sensor` names the board's monitor for the rail where it has one, so
  // the Power view can put the measured rail beside the estimate.
  const sensorOf = new Map(board.power.rails.map((r) => [r.name, r.sensor]));
  const rails: PowerBreakdown['rails'] = [];
  const rail = (name: string, watts: number): void => {
    const sensor = sensorOf.get(name);
    rails.push(sensor ? { name, watts, sensor } : { name, watts });
  };
  rail('VCCINT', vccint);
  rail('VCCBRAM', vccbram);
  rail('VCCAUX', vccaux);
  if (by.psDdr > 0) rails.push({ name: st.ps > 0 ? 'PS+DDR (model)' : 'DDR (model)', watts: by.psDdr });
  return { totalW: plW + by.psDdr, plW, staticW: by.static, dynamicW, psDdrW: by.psDdr, rails, byResource: by };
}
