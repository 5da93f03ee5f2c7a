import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { erf, geluErf, geluSegments, renderGeluTableHeader, GELU_RANGE, GELU_SEGMENTS_PER_UNIT } from '../../../src-main/codegen/approx';
import { repoRoot } from '../../helpers/paths';

describe('erf', () => {
  it('matches tabulated values (Abramowitz & Stegun 7.1) to 1e-12 on both branches', () => {
    const table: Array<[number, number]> = [[0.1, 0.1124629160182849], [0.5, 0.5204998778130465], [1, 0.8427007929497149], [2, 0.9953222650189527], [2.5, 0.9995930479825550], [3, 0.9999779095030014], [4, 0.9999999845827421]];
    for (const [x, v] of table) {
      expect(Math.abs(erf(x) - v)).toBeLessThan(1e-12);
      expect(erf(-x)).toBe(-erf(x));
    }
  });
});

describe('GELU table', () => {
  it('is continuous and within 1e-8 of the exact GELU between its nodes', () => {
    const segs = geluSegments();
    const h = 1 / GELU_SEGMENTS_PER_UNIT;
    let worst = 0;
    segs.forEach((q, s) => {
      const x0 = -GELU_RANGE + s * h;
      for (let k = 0; k <= 16; k++) {
        const t = k / 16;
        worst = Math.max(worst, Math.abs(q.c0 + t * (q.c1 + t * (q.c2 + t * q.c3)) - geluErf(x0 + t * h)));
      }
      if (s > 0) {
        const p = segs[s - 1];
        expect(Math.abs(p.c0 + p.c1 + p.c2 + p.c3 - q.c0)).toBeLessThan(1e-12);
      }
    });
    expect(worst).toBeLessThan(1e-8);
  });

  it('hls/gelu_table.h is what the generator writes (run scripts/gen-gelu-table.ts after changing approx.ts)', () => {
    expect(readFileSync(path.join(repoRoot, 'hls', 'gelu_table.h'), 'utf8')).toBe(renderGeluTableHeader());
  });
});
