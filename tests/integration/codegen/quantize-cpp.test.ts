/**
 * The code generator's quantisation (quantize.ts) must store exactly what `ap_fixed<W,I,Q,O> x = v;`
 * stores in our C++ headers: checked bit for bit on random and edge values for several types and modes.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../helpers/paths';
import { tmpDir } from '../../helpers/tmp';
import { quantizeRaw, type QuantMode } from '../../../src-main/codegen/quantize';
import type { FixedType } from '../../../src-main/plan/plan';
import { mulberry32 as rng } from '../../../src-main/core/rng';

const CASES: Array<{ t: FixedType; m: QuantMode }> = [
  { t: { w: 16, i: 2, signed: true }, m: { rounding: 'rnd_conv', overflow: 'sat' } },
  { t: { w: 8, i: 1, signed: true }, m: { rounding: 'rnd_conv', overflow: 'sat' } },
  { t: { w: 16, i: 6, signed: true }, m: { rounding: 'rnd', overflow: 'sat' } },
  { t: { w: 8, i: 0, signed: false }, m: { rounding: 'rnd', overflow: 'sat' } },
  { t: { w: 12, i: 3, signed: true }, m: { rounding: 'trn', overflow: 'wrap' } },
  { t: { w: 24, i: 4, signed: true }, m: { rounding: 'rnd_conv', overflow: 'sat' } },
  { t: { w: 4, i: 1, signed: true }, m: { rounding: 'rnd_conv', overflow: 'sat' } },
];
const Q = { trn: 'AP_TRN', rnd: 'AP_RND', rnd_conv: 'AP_RND_CONV' };
const O = { wrap: 'AP_WRAP', sat: 'AP_SAT' };

describe('quantize.ts vs ap_fixed assignment', () => {
  it('agrees bit for bit', () => {
    const r = rng(42);
    const { dir, cleanup } = tmpDir('fwb-q-');
    try {
      const values: number[] = [0, 1, -1, 0.5, -0.5, 100, -100, 1e-9, -1e-9];
      for (const c of CASES) {
        const l = 2 ** -(c.t.w - c.t.i);
        for (let k = -4; k <= 4; k++) values.push((k + 0.5) * l, k * l, (2 ** (c.t.i - 1)) + k * l / 2);
      }
      while (values.length < 3000) values.push((r() * 2 - 1) * 2 ** Math.floor(r() * 10 - 4));
      const f32 = values.map((v) => Math.fround(v)); // weights arrive as float32
      const src = [
        '#include <cstdio>', '#include <ap_fixed.h>', 'static const double V[] = {', f32.map((v) => v.toPrecision(17)).join(',\n'), '};',
        'int main() {', `  const int n = ${f32.length};`,
        ...CASES.map((c) => `  for (int i = 0; i < n; i++) { ${c.t.signed ? 'ap_fixed' : 'ap_ufixed'}<${c.t.w}, ${c.t.i}, ${Q[c.m.rounding]}, ${O[c.m.overflow]}> x = V[i]; std::printf("%lld\\n", (long long)(x.to_double() * ${2 ** (c.t.w - c.t.i)}.0)); }`),
        '  return 0;', '}',
      ].join('\n');
      writeFileSync(path.join(dir, 'q.cpp'), src);
      const b = spawnSync('g++', ['-O0', '-std=c++14', '-I', path.join(repoRoot, 'hls', 'sim'), path.join(dir, 'q.cpp'), '-o', path.join(dir, 'q')], { encoding: 'utf8' });
      expect(b.status, b.stderr).toBe(0);
      const out = spawnSync(path.join(dir, 'q'), [], { encoding: 'utf8', maxBuffer: 64 << 20 }).stdout.trim().split('\n').map(Number);
      let k = 0;
      for (const c of CASES) {
        for (const v of f32) {
          const expected = out[k++];
          if (quantizeRaw(v, c.t, c.m) !== expected) expect({ v, type: c.t, mode: c.m, ts: quantizeRaw(v, c.t, c.m) }).toEqual({ v, type: c.t, mode: c.m, ts: expected });
        }
      }
      expect(k).toBe(CASES.length * f32.length);
    } finally {
      cleanup();
    }
  }, 60_000);
});
