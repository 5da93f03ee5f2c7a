import { describe, expect, it } from 'vitest';
import { evalCondition } from '../../../src-main/csim/tcl-expr';

const vars: Record<string, string> = { a: '1', b: '0', n: '12', s: 'csim', 'opt(csim)': '1', 'opt(cosim)': '0' };
const lookup = (name: string, index?: string) => vars[index === undefined ? name : `${name}(${index})`];
const ev = (src: string) => evalCondition(src, lookup);

describe('static if conditions', () => {
  it('evaluates variables, numbers, booleans and logic', () => {
    expect(ev('$a')).toBe(true);
    expect(ev('$b')).toBe(false);
    expect(ev('!$b && $a')).toBe(true);
    expect(ev('$b || ($a && !$b)')).toBe(true);
    expect(ev('$opt(csim)')).toBe(true);
    expect(ev('$opt(cosim)')).toBe(false);
    expect(ev('true')).toBe(true);
    expect(ev('no')).toBe(false);
  });

  it('compares numerically when both sides are numbers, as strings otherwise', () => {
    expect(ev('$n > 9')).toBe(true); // numeric: 12 > 9
    expect(ev('$n >= 12 && $n <= 12')).toBe(true);
    expect(ev('$s eq "csim"')).toBe(true);
    expect(ev('$s ne "csim"')).toBe(false);
    expect(ev('$s == "cosim"')).toBe(false);
  });

  it('is undefined for unknown variables, command substitution and syntax it does not read', () => {
    expect(ev('$missing')).toBeUndefined();
    expect(ev('[file exists x]')).toBeUndefined();
    expect(ev('$a &&')).toBeUndefined();
    expect(ev('$s')).toBeUndefined(); // a non-boolean string is not a condition
    expect(ev('')).toBeUndefined();
  });
});
