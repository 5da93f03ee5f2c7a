/** C++ spellings of the plan's fixed-point types, and the typedef table of one generated project. */
import type { FixedType } from '../plan/plan';
import type { QuantMode } from './quantize';

const Q: Record<QuantMode['rounding'], string> = { trn: 'AP_TRN', rnd: 'AP_RND', rnd_conv: 'AP_RND_CONV' };
const O: Record<QuantMode['overflow'], string> = { wrap: 'AP_WRAP', sat: 'AP_SAT' };

export function cppFixed(t: FixedType, mode?: QuantMode): string {
  const base = `${t.signed ? 'ap_fixed' : 'ap_ufixed'}<${t.w}, ${t.i}`;
  if (!mode || (mode.rounding === 'trn' && mode.overflow === 'wrap')) return `${base}>`;
  return `${base}, ${Q[mode.rounding]}, ${O[mode.overflow]}>`;
}

/** Deterministic typedef names by content: t_s16_6 (plain), t_s16_6_rs (AP_RND/AP_SAT), …_cs (AP_RND_CONV). */
export class TypeTable {
  private readonly defs = new Map<string, string>();

  name(t: FixedType, mode?: QuantMode): string {
    const suffix = !mode || (mode.rounding === 'trn' && mode.overflow === 'wrap') ? '' : `_${mode.rounding === 'rnd' ? 'r' : mode.rounding === 'rnd_conv' ? 'c' : 't'}${mode.overflow === 'sat' ? 's' : 'w'}`;
    const n = `t_${t.signed ? 's' : 'u'}${t.w}_${t.i < 0 ? 'm' + -t.i : t.i}${suffix}`;
    if (!this.defs.has(n)) this.defs.set(n, cppFixed(t, mode));
    return n;
  }

  typedefs(): string[] {
    return [...this.defs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([n, c]) => `typedef ${c} ${n};`);
  }
}
