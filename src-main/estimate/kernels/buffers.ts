/**
 * Activation buffers shared by the units: the residual stream x, the unit input (normalised x /
 * attention output), and the MLP/expert hidden activations — all on chip, banked by the lanes that read
 * them in one cycle (ti for the linear unit and LayerNorm, to for the output-stage writes).
 */
import type { KernelInstance } from '../../plan/plan';
import type { Ctx } from '../context';
import { addRes, buffer, zero, type Res } from '../fabric';

export function activationBuffers(ks: readonly KernelInstance[], ctx: Ctx): Res {
  const r = zero();
  let T = 1, dim = 1, hidden = 1, a = 1;
  for (const k of ks) {
    if (k.kind === 'linear' || k.kind === 'moe-gate') {
      T = Math.max(T, k.shape.tokens);
      a = Math.max(a, k.precision.in.w, k.precision.out.w);
      const K = k.shape.in ?? 1;
      const N = k.shape.out ?? 1;
      // the narrower side of an MLP/expert linear is the embedding, the wider the hidden layer
      dim = Math.max(dim, Math.min(K, N));
      hidden = Math.max(hidden, K, N);
    }
  }
  const ti = ctx.tiles.linearIn;
  const to = ctx.tiles.linearOut;
  const banks = Math.max(ti, to);
  addRes(r, buffer(a, Math.ceil((T * dim) / banks), banks, ctx.dsp, ctx.uram)); // x
  addRes(r, buffer(a, Math.ceil((T * dim) / ti), ti, ctx.dsp, ctx.uram)); // unit input
  addRes(r, buffer(a, Math.ceil((T * hidden) / banks), banks, ctx.dsp, ctx.uram)); // hidden (also QKV staging)
  return r;
}

/** AXI: s_axilite control and the m_axi read ports the weight stream and the image use. */
export function interfaces(ctx: Ctx): Res {
  const r = zero();
  r.lut += ctx.coef.axiLite.lut;
  r.ff += ctx.coef.axiLite.ff;
  r.lut += ctx.axiPorts * ctx.coef.axiPort.lut;
  r.ff += ctx.axiPorts * ctx.coef.axiPort.ff;
  r.bram18k += ctx.axiPorts * ctx.coef.axiPort.bram18k;
  return r;
}
