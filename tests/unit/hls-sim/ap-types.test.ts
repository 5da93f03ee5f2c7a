/**
 * Bit-exactness of hls/sim ap_int / ap_fixed against the exact BigInt model in ap-model.ts.
 * Generates random and edge cases (ties for every rounding mode, saturation boundaries, negative I,
 * I > W, most negative values, shifts past the width) for every family, runs them through the C++
 * checker (compiled once, -O2) and requires zero mismatches.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

import { buildChecker, hasCompiler } from './checker-build';
import {
  type ApType,
  type ResT,
  align,
  convertRational,
  convertRaw,
  decimalString,
  divType,
  doubleToRational,
  fracBits,
  logicType,
  maxRaw,
  minRaw,
  modType,
  multType,
  pattern,
  plusType,
  pow2,
  quantize,
  toFloatBits,
  truncToInt,
  wrap,
  Q,
} from './ap-model';

const here = path.dirname(fileURLToPath(import.meta.url));
const SEED = Number(process.env.HLS_SIM_SEED ?? 20261128);

// --- deterministic PRNG
let state = BigInt(SEED) | 1n;
function rnd64(): bigint {
  // xorshift64*
  state ^= state >> 12n;
  state ^= (state << 25n) & 0xffffffffffffffffn;
  state ^= state >> 27n;
  return (state * 0x2545f4914f6cdd1dn) & 0xffffffffffffffffn;
}
function rndBits(n: number): bigint {
  let r = 0n;
  for (let got = 0; got < n; got += 64) r = (r << 64n) | rnd64();
  return n <= 0 ? 0n : r & (pow2(n) - 1n);
}
const rndInt = (lo: number, hi: number): number => lo + Number(rnd64() % BigInt(hi - lo + 1));
const chance = (p: number): boolean => Number(rnd64() % 10000n) < p * 10000;
const pick = <T>(xs: T[]): T => xs[rndInt(0, xs.length - 1)];

function randRaw(t: { W: number; S: boolean }): bigint {
  if (chance(0.15)) {
    const sp = [0n, 1n, maxRaw(t.W, t.S), minRaw(t.W, t.S), maxRaw(t.W, t.S) - 1n, minRaw(t.W, t.S) + 1n];
    if (t.S) sp.push(-1n);
    return wrap(pick(sp), t.W, t.S);
  }
  const len = chance(0.35) ? rndInt(1, t.W) : t.W;
  let v = rndBits(len);
  if (len < t.W && t.S && chance(0.5)) v = -v;
  return wrap(v, t.W, t.S);
}

// --- type lists from the checker
interface Lists {
  ops: ApType[];
  nOurs: number;
  pairs: [number, number][];
  ints: ApType[];
  ipairs: [number, number][];
  tgt: ApType[];
  src: ApType[];
  dints: ApType[];
}
function parseLists(text: string): Lists {
  const L: Lists = { ops: [], nOurs: 0, pairs: [], ints: [], ipairs: [], tgt: [], src: [], dints: [] };
  for (const line of text.trim().split('\n')) {
    const f = line.split(' ');
    const ty = (): ApType => ({
      W: +f[2], I: +f[3], S: f[4] === '1', Q: +f[5], O: +f[6], N: +f[7], ours: f[8] === '1',
    });
    if (f[0] === 'OPS') L.ops.push(ty());
    else if (f[0] === 'INTS') L.ints.push(ty());
    else if (f[0] === 'TGT') L.tgt.push(ty());
    else if (f[0] === 'SRC') L.src.push(ty());
    else if (f[0] === 'DINTS') L.dints.push(ty());
    else if (f[0] === 'N_OURS') L.nOurs = +f[1];
    else if (f[0] === 'PAIR') L.pairs.push([+f[2], +f[3]]);
    else if (f[0] === 'IPAIR') L.ipairs.push([+f[2], +f[3]]);
  }
  return L;
}

const res = (t: ResT, raw: bigint): string => `${t.W} ${t.I} ${t.S ? 1 : 0}:${wrap(raw, t.W, t.S)}`;

interface Case {
  line: string;
  expect: string;
}

// --- families
function genCvt(L: Lists, cases: Case[], per: number): void {
  L.src.forEach((s, si) => {
    const Fs = fracBits(s);
    L.tgt.forEach((t, k) => {
      const Ft = fracBits(t);
      const d = Fs - Ft;
      const bounds = [maxRaw(t.W, t.S), maxRaw(t.W, t.S) + 1n, minRaw(t.W, t.S), minRaw(t.W, t.S) - 1n, 0n, -1n, 1n];
      for (let n = 0; n < per; n++) {
        let raw = randRaw(s);
        const r = rnd64() % 10n;
        if (r < 3n && d > 0) {
          // exact ties (and one LSB either side) around the target's range
          const q = BigInt(rndInt(-3, 3)) + (chance(0.5) ? pick(bounds) : rndBits(Math.max(1, t.W - 1)));
          const cand = q * pow2(d) + pow2(d - 1) + pick([0n, 0n, 0n, 1n, -1n]);
          if (cand === wrap(cand, s.W, s.S)) raw = cand;
        } else if (r < 6n) {
          const q = pick(bounds);
          const cand = d >= 0 ? q * pow2(d) + rndBits(d) : q >> BigInt(-d);
          if (cand === wrap(cand, s.W, s.S)) raw = cand;
        }
        cases.push({ line: `cvt ${k} ${si} ${raw}`, expect: String(convertRaw(raw, Fs, t)) });
      }
    });
  });
}

function dblHex(x: number): bigint {
  const dv = new DataView(new ArrayBuffer(8));
  dv.setFloat64(0, x);
  return dv.getBigUint64(0);
}
function randDouble(I: number, F: number): number {
  const e = rndInt(-F - 3, I + 3);
  const m = Number(rndBits(53)) / 2 ** 53;
  const v = (1 + m) * 2 ** (e - 1);
  return chance(0.5) ? -v : v;
}
function genDbl(L: Lists, cases: Case[], per: number): void {
  L.tgt.forEach((t, k) => {
    const F = fracBits(t);
    for (let n = 0; n < per; n++) {
      let x: number;
      const r = rndInt(0, 9);
      if (r < 4) x = randDouble(t.I, F);
      else {
        const qb = pick([maxRaw(t.W, t.S), minRaw(t.W, t.S), 0n, -1n, 1n, rndBits(Math.min(t.W - 1, 40))]);
        const q = Number(qb) + rndInt(-2, 2);
        const fr = r < 7 ? 0.5 : pick([0, 0.25, 0.75, 0.5 + 2 ** -20, 0.5 - 2 ** -20]);
        x = (q + fr) * 2 ** -F;
      }
      if (x === 0) x = 0; // no negative zero
      const bits = dblHex(x);
      const { num, den } = doubleToRational(bits);
      cases.push({ line: `dbl ${k} ${bits.toString(16)}`, expect: String(convertRational(num, den, t)) });
    }
  });
  L.dints.forEach((t, k) => {
    for (let n = 0; n < per * 4; n++) {
      let x = randDouble(t.W + 4, 6);
      if (chance(0.1)) x = pick([2 ** 200, -(2 ** 200), 2 ** 64 + 4096, -(2 ** 63), 0.5, -0.5, -1.5, 2 ** 53 - 1]);
      const bits = dblHex(x);
      const { num, den } = doubleToRational(bits);
      const v = wrap(quantize(num, den, 0, Q.TRN_ZERO), t.W, t.S);
      cases.push({ line: `dint ${k} ${bits.toString(16)}`, expect: String(v) });
    }
  });
}

function genBin(L: Lists, cases: Case[], per: number): void {
  L.pairs.forEach(([ia, ib], k) => {
    const A = L.ops[ia];
    const B = L.ops[ib];
    const Fa = fracBits(A);
    const Fb = fracBits(B);
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const b = chance(0.05) ? wrap(a, B.W, B.S) : randRaw(B);
      const pt = plusType(A, B, false);
      const mt = plusType(A, B, true);
      const Fp = fracBits(pt);
      const xa = align(a, Fa, Fp);
      const xb = align(b, Fb, Fp);
      const mu = multType(A, B);
      const dt = divType(A, B);
      let dv = '-';
      if (b !== 0n) {
        const e = Fb + fracBits(dt) - Fa; // quotient raw = trunc(a * 2^e / b)
        dv = res(dt, e >= 0 ? (a * pow2(e)) / b : a / (b * pow2(-e)));
      }
      const rel = [xa === xb, xa !== xb, xa < xb, xa <= xb, xa > xb, xa >= xb].map((x) => (x ? '1' : '0')).join('');
      cases.push({
        line: `bin ${k} ${a} ${b}`,
        expect: `${res(pt, xa + xb)} ${res(mt, xa - xb)} ${res(mu, a * b)} ${dv} ${rel}`,
      });
    }
  });
}

function genIBin(L: Lists, cases: Case[], per: number): void {
  L.ipairs.forEach(([ia, ib], k) => {
    const A = L.ints[ia];
    const B = L.ints[ib];
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const b = randRaw(B);
      const lt = logicType(A, B);
      const md = b === 0n ? '-' : res(modType(A, B), a % b);
      cases.push({ line: `ibin ${k} ${a} ${b}`, expect: `${md} ${res(lt, a & b)} ${res(lt, a | b)} ${res(lt, a ^ b)}` });
    }
  });
}

function genICompound(L: Lists, cases: Case[], per: number): void {
  L.ipairs.forEach(([ia, ib], k) => {
    const A = L.ints[ia];
    const B = L.ints[ib];
    if (!A.ours) return;
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const b = chance(0.02) ? 0n : randRaw(B);
      const w = (v: bigint): string => String(wrap(v, A.W, A.S));
      const dm = b === 0n ? '- -' : `${w(a / b)} ${w(a % b)}`;
      cases.push({
        line: `icas ${k} ${a} ${b}`,
        expect: `${w(a + b)} ${w(a - b)} ${w(a * b)} ${w(a & b)} ${w(a | b)} ${w(a ^ b)} ${w(a + 1n)} ${w(a - 1n)} ${dm}`,
      });
    }
  });
}

function genCompound(L: Lists, cases: Case[], per: number, nCas: number): void {
  const B: ResT = { W: 12, I: 5, S: true };
  for (let k = 0; k < nCas; k++) {
    const A = L.tgt[k];
    const Fa = fracBits(A);
    const Fb = fracBits(B);
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const b = randRaw(B);
      const Fp = Math.max(Fa, Fb);
      const add = convertRaw(align(a, Fa, Fp) + align(b, Fb, Fp), Fp, A);
      const sub = convertRaw(align(a, Fa, Fp) - align(b, Fb, Fp), Fp, A);
      const mul = convertRaw(a * b, Fa + Fb, A);
      let dv = '-';
      if (b !== 0n) {
        const dt = divType(A, B);
        const e = Fb + fracBits(dt) - Fa;
        dv = String(convertRaw((a * pow2(e)) / b, fracBits(dt), A));
      }
      cases.push({ line: `cas ${k} ${a} ${b}`, expect: `${add} ${sub} ${mul} ${dv}` });
    }
  }
}

function genShift(L: Lists, cases: Case[], per: number): void {
  for (let k = 0; k < L.nOurs; k++) {
    const A = L.ops[k];
    const t: ResT = { W: A.W, I: A.I, S: A.S };
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const s = chance(0.1) ? pick([A.W + 70, -(A.W + 70), 200, -200]) : rndInt(-A.W - 3, A.W + 3);
      const shl = (v: bigint, m: number): bigint => (m >= 0 ? wrap(v << BigInt(m), A.W, A.S) : v >> BigInt(-m));
      const l = res(t, shl(a, s));
      const r = res(t, shl(a, -s));
      const z = s >= 0 && s < 128 ? l : '-';
      const w = s >= -128 && s < 128 ? r : '-';
      cases.push({ line: `sh ${k} ${a} ${s}`, expect: `${l} ${r} ${z} ${w}` });
    }
  }
}

function popcount(v: bigint): number {
  let c = 0;
  for (let x = v; x > 0n; x >>= 1n) c += Number(x & 1n);
  return c;
}
function genUnary(L: Lists, cases: Case[], per: number): void {
  for (let k = 0; k < L.nOurs; k++) {
    const A = L.ops[k];
    const F = fracBits(A);
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const neg: ResT = { W: A.W + 1, I: A.I + 1, S: true };
      const p = pattern(a, A.W);
      const t = truncToInt(a, F);
      const ts = decimalString(a, F);
      const red = `${p === pow2(A.W) - 1n ? 1 : 0}${a !== 0n ? 1 : 0}${popcount(p) % 2}${a === 0n ? 1 : 0}`;
      cases.push({
        line: `un ${k} ${a}`,
        expect:
          `${res(neg, -a)} ${wrap(~a, A.W, A.S)} ${toFloatBits(a, F, false)} ${toFloatBits(a, F, true)} ` +
          `${wrap(t, 32, true)} ${ts} ${red} ${wrap(t, 64, true)}`,
      });
    }
  }
}

function genRange(L: Lists, cases: Case[], per: number): void {
  for (let k = 0; k < L.nOurs; k++) {
    const A = L.ops[k];
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const hi = rndInt(0, A.W - 1);
      const lo = chance(0.8) ? rndInt(0, hi) : rndInt(0, A.W - 1);
      const len = Math.abs(hi - lo) + 1;
      const nv = rndBits(len + rndInt(0, 3));
      const P = pattern(a, A.W);
      const bit = (v: bigint, i: number): bigint => (v >> BigInt(i)) & 1n;
      const setb = (v: bigint, i: number, b: bigint): bigint => (b ? v | pow2(i) : v & ~pow2(i));
      let rd = 0n;
      let b = P;
      for (let j = 0; j < len; j++) {
        const src = hi >= lo ? lo + j : lo - j; // bit j of the range value
        rd |= bit(P, src) << BigInt(j);
        b = setb(b, src, bit(nv, j));
      }
      const c = setb(P, hi, 1n - bit(P, hi));
      const mn = Math.min(hi, lo);
      const mx = Math.max(hi, lo);
      let d = P;
      for (let j = mn; j <= mx; j++) d = setb(d, j, bit(P, mn + mx - j));
      cases.push({
        line: `rng ${k} ${a} ${hi} ${lo} ${nv}`,
        expect: `${rd} ${wrap(b, A.W, A.S)} ${bit(P, lo)} ${wrap(c, A.W, A.S)} ${wrap(d, A.W, A.S)}`,
      });
    }
  }
}

function genConcat(L: Lists, cases: Case[], per: number): void {
  L.pairs.forEach(([ia, ib], k) => {
    const A = L.ops[ia];
    const B = L.ops[ib];
    if (!A.ours || !B.ours) return;
    for (let n = 0; n < per; n++) {
      const a = randRaw(A);
      const b = randRaw(B);
      const W = A.W + B.W;
      cases.push({ line: `cat ${k} ${a} ${b}`, expect: res({ W, I: W, S: false }, (pattern(a, A.W) << BigInt(B.W)) | pattern(b, B.W)) });
    }
  });
}

function genStr(L: Lists, cases: Case[], per: number, nCas: number): void {
  for (let k = 0; k < nCas; k++) {
    const t = L.tgt[k];
    const F = fracBits(t);
    for (let n = 0; n < per; n++) {
      let s: string;
      if (chance(0.4)) {
        // exact ties and boundaries written as decimals
        const q = pick([maxRaw(t.W, t.S), minRaw(t.W, t.S), 0n, -1n, rndBits(t.W - 1)]) + BigInt(rndInt(-2, 2));
        s = decimalString(2n * q + 1n, F + 1);
      } else {
        const ip = rndBits(rndInt(0, t.I + 2));
        const fd = rndInt(0, 12);
        const fr = fd ? '.' + String(rndBits(40) % 10n ** BigInt(fd)).padStart(fd, '0') : '';
        s = (chance(0.5) ? '-' : '') + ip.toString() + fr;
      }
      const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
      if (!m) throw new Error(s);
      const fd = m[3] ? m[3].length : 0;
      let num = BigInt(m[2] + (m[3] ?? ''));
      if (m[1]) num = -num;
      // the same number in exponent notation: digits e-fd, or digits000 e-(fd+3), or d.ddd e+x
      const r = rndInt(0, 5);
      const digits = m[2] + (m[3] ?? '');
      if (r === 0) s = `${m[1]}${digits}e-${fd}`;
      else if (r === 1) s = `${m[1]}${digits}000E-${fd + 3}`;
      else if (r === 2 && m[2].length > 1) s = `${m[1]}${m[2][0]}.${m[2].slice(1)}${m[3] ?? ''}e+${m[2].length - 1}`;
      cases.push({ line: `str ${k} ${s}`, expect: String(convertRational(num, 10n ** BigInt(fd), t)) });
    }
  }
}

describe.skipIf(!hasCompiler())('hls/sim ap_int / ap_fixed against exact rational arithmetic', () => {
  let exe = '';
  let lists: Lists;
  beforeAll(async () => {
    // HLS_SIM_SANITIZE=1 builds the checker with UBSan + ASan (slower; for header development)
    const san = process.env.HLS_SIM_SANITIZE ? ['-fsanitize=undefined,address', '-fno-sanitize-recover=all', '-g'] : [];
    exe = await buildChecker(path.join(here, 'ap-checker.cpp'), ['-std=c++14', '-O2', ...san], [['-DAP_CHECKER_PART=1'], ['-DAP_CHECKER_PART=2']]);
    const r = spawnSync(exe, ['--list'], { encoding: 'utf8' });
    lists = parseLists(r.stdout);
  }, 600_000);

  const families: [string, (c: Case[]) => void][] = [
    ['conversion: every Q x O mode, N bits, ties and saturation boundaries', (c) => genCvt(lists, c, 150)],
    ['conversion from double (fixed targets and ap_int truncation)', (c) => genDbl(lists, c, 250)],
    ['+ - * / and comparisons with Vitis result types, mixed operands', (c) => genBin(lists, c, 400)],
    ['% & | ^ on integers of mixed width and sign', (c) => genIBin(lists, c, 500)],
    ['compound assignment keeps the target Q/O', (c) => genCompound(lists, c, 250, 70)],
    ['integer compound assignment, ++ and -- wrap to the target width', (c) => genICompound(lists, c, 400)],
    ['shifts incl. negative amounts and past the width', (c) => genShift(lists, c, 400)],
    ['unary -, ~, to_double/to_float/to_int, to_string(10), reductions', (c) => genUnary(lists, c, 600)],
    ['range / bit read and write, reversed ranges', (c) => genRange(lists, c, 400)],
    ['concatenation', (c) => genConcat(lists, c, 200)],
    ['construction from decimal strings, with and without exponents', (c) => genStr(lists, c, 200, 70)],
  ];

  for (const [name, gen] of families) {
    it(name, () => {
      const cases: Case[] = [];
      gen(cases);
      expect(cases.length).toBeGreaterThan(1000);
      const r = spawnSync(exe, [], {
        input: cases.map((c) => c.line).join('\n') + '\n',
        encoding: 'utf8',
        maxBuffer: 1 << 30,
      });
      if (r.status !== 0) {
        const dump = path.join(os.tmpdir(), `hls-sim-failed-${process.pid}.txt`);
        writeFileSync(dump, cases.map((c) => c.line).join('\n') + '\n');
        console.log(`checker exited ${r.status} ${r.signal ?? ''}; input kept in ${dump}\n${r.stderr}`);
      }
      expect(r.status).toBe(0);
      const got = r.stdout.split('\n');
      const bad: string[] = [];
      cases.forEach((c, i) => {
        if (got[i] !== c.expect) bad.push(`  in:  ${c.line}\n  exp: ${c.expect}\n  got: ${got[i]}`);
      });
      if (bad.length) console.log(`${name}: ${bad.length}/${cases.length} mismatches (seed ${SEED})\n${bad.slice(0, 12).join('\n')}`);
      expect(bad.length).toBe(0);
    });
  }
});
