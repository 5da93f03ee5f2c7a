/**
 * approxErrorCurves: the C++ sweep of the softmax exponent and GELU at a precision, for the Kernels
 * view's charts and the bench. The approximations stay within one LSB of their output type; a
 * deliberately coarse type shows the error growing only through the type, never beyond one LSB.
 */
import { describe, expect, it } from 'vitest';
import { approxErrorCurves } from '../../../src-main/csim/approx-sweep';
import { parsePrecision } from '../../../src-main/plan/precision';

describe('approxErrorCurves', () => {
  it('returns chartable curves within one LSB at the default and W16A32 precisions', async () => {
    for (const p of [undefined, 'w16a32']) {
      const curves = await approxErrorCurves(parsePrecision(p), { points: 4001, chartPoints: 200 });
      expect(curves.map((c) => c.name)).toEqual(['softmax-exp', 'gelu']);
      for (const c of curves) {
        expect(c.x.length).toBeGreaterThan(100);
        expect(c.x.length).toBeLessThanOrEqual(201);
        expect(c.approx.length).toBe(c.x.length);
        expect(c.maxErrorLsb).toBeLessThanOrEqual(1);
        expect(c.maxErrorLsb).toBeGreaterThan(0); // a real measurement, not a constant
        expect(Math.max(...c.errorLsb)).toBeCloseTo(c.maxErrorLsb, 9); // the peak survives downsampling
        for (let i = 1; i < c.x.length; i++) expect(c.x[i]).toBeGreaterThan(c.x[i - 1]);
      }
      const exp = curves[0];
      // the chart spans the swept range [-16, 0] (each point is its bucket's worst)
      expect(exp.x[0]).toBeGreaterThanOrEqual(-16);
      expect(exp.x[0]).toBeLessThan(-15.5);
      expect(exp.x[exp.x.length - 1]).toBeLessThanOrEqual(0);
      expect(exp.x[exp.x.length - 1]).toBeGreaterThan(-0.5);
      exp.x.forEach((x, i) => expect(exp.exact[i]).toBeCloseTo(Math.exp(x), 12));
    }
  }, 60_000);
});
