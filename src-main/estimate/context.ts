/**
 * What every kernel model reads: the board's fabric, the plan's global choices and the model constants
 * (coefficients). Built once per estimate; kernels never allocate their own copies.
 */
import type { BoardSpec } from '../boards/board-spec';
import type { PrecisionPlan, Tiles } from '../plan/plan';
import type { DspType } from './fabric';
import { DDR_EFFICIENCY } from '../plan/from-graph';

/** Model constants. Defaults are first-principles guesses; calibration scales the resource totals. */
export interface Coefficients {
  /** Pipeline stages of a DSP multiply (A/B reg, M reg, P reg + one fabric stage). */
  dspLatency: number;
  /** Share of the board's peak DRAM bandwidth a burst-reading PL master sustains. */
  ddrEfficiency: number;
  /** Bytes per cycle of one AXI HP port (128-bit) and how many the PL may use. */
  axiPortBytes: number;
  axiMaxPorts: number;
  /** One m_axi read adapter (address/data channels, burst FIFO). */
  axiPort: { lut: number; ff: number; bram18k: number };
  /** s_axilite control block + block-level handshake. */
  axiLite: { lut: number; ff: number };
  /** FSM, loop bookkeeping and start/done logic of one unit. */
  unitControl: { lut: number; ff: number };
  /** exp via base-2 split: x·log2e multiply, 2^frac from a 64-entry table with linear interpolation, shift. */
  expUnit: { dsp: number; lut: number; ff: number; depth: number };
  /** 1/sqrt or 1/x: table seed + one Newton step. */
  rsqrtUnit: { dsp: number; lut: number; ff: number; depth: number };
  /** Cycles between kernels on the shared units (drain + start handshake). */
  kernelSwitchCycles: number;
}

export const DEFAULT_COEFFICIENTS: Coefficients = {
  dspLatency: 4,
  ddrEfficiency: DDR_EFFICIENCY,
  axiPortBytes: 16,
  axiMaxPorts: 4,
  axiPort: { lut: 1500, ff: 2200, bram18k: 2 },
  axiLite: { lut: 300, ff: 400 },
  unitControl: { lut: 250, ff: 300 },
  expUnit: { dsp: 2, lut: 150, ff: 140, depth: 8 },
  rsqrtUnit: { dsp: 3, lut: 250, ff: 220, depth: 12 },
  kernelSwitchCycles: 16,
};

export interface Ctx {
  board: BoardSpec;
  dsp: DspType;
  tiles: Tiles;
  precision: PrecisionPlan;
  clockMHz: number;
  /** DRAM bytes per PL clock cycle the weight stream can take (board bandwidth × efficiency, capped by ports). */
  ddrBytesPerCycle: number;
  /** AXI ports used for the weight stream. */
  axiPorts: number;
  uram: boolean;
  coef: Coefficients;
}

export function makeCtx(board: BoardSpec, tiles: Tiles, precision: PrecisionPlan, clockMHz: number, coef: Coefficients = DEFAULT_COEFFICIENTS): Ctx {
  const perCycle = (board.memory.bytesPerSecond * coef.ddrEfficiency) / (clockMHz * 1e6);
  const axiPorts = Math.max(1, Math.min(coef.axiMaxPorts, Math.ceil(perCycle / coef.axiPortBytes)));
  return {
    board,
    dsp: board.dspType,
    tiles,
    precision,
    clockMHz,
    ddrBytesPerCycle: Math.min(perCycle, axiPorts * coef.axiPortBytes),
    axiPorts,
    uram: board.resources.uram > 0,
    coef,
  };
}

/** Cycles and traffic of one kernel instance (all its repeats). */
export interface KernelCycles {
  cycles: number;
  /** Cycles the arithmetic alone needs, and cycles the weight stream alone needs. */
  compute: number;
  memory: number;
  /** Bytes read from DRAM per inference. */
  ddrBytes: number;
  macs: number;
}
