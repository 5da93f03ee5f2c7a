/**
 * Static evaluation of the conditions project scripts put in `if` (e.g. `$opt(csim)`,
 * `{$argc > 0}`, `{$mode eq "csim" && !$skip}`): numbers, strings, variables, ! && || and the
 * comparison operators. Anything else — command substitution, functions, unknown variables — makes
 * the result undefined, and the caller then leaves the whole `if` unevaluated.
 */

export type Lookup = (name: string, index?: string) => string | undefined;

type Tok = { t: 'num' | 'str' | 'op' | 'var'; v: string; index?: string };

const OPS = ['&&', '||', '==', '!=', '<=', '>=', '<', '>', '!', '(', ')', 'eq', 'ne'];

function lex(src: string): Tok[] | undefined {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '[') return undefined; // command substitution: not evaluated
    if (c === '$') {
      const rest = src.slice(i + 1);
      let m = /^\{([^}]*)\}/.exec(rest);
      if (m) {
        out.push({ t: 'var', v: m[1] });
        i += 1 + m[0].length;
        continue;
      }
      m = /^(?:::)?[A-Za-z0-9_]+(?:::[A-Za-z0-9_]+)*/.exec(rest);
      if (!m) return undefined;
      i += 1 + m[0].length;
      const tok: Tok = { t: 'var', v: m[0].replace(/^::/, '') };
      if (src[i] === '(') {
        const end = src.indexOf(')', i);
        if (end < 0) return undefined;
        tok.index = src.slice(i + 1, end);
        if (tok.index.includes('$') || tok.index.includes('[')) return undefined;
        i = end + 1;
      }
      out.push(tok);
      continue;
    }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) return undefined;
      const s = src.slice(i + 1, end);
      if (s.includes('$') || s.includes('[')) return undefined;
      out.push({ t: 'str', v: s });
      i = end + 1;
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i) && (!/[a-z]/.test(o) || !/[A-Za-z0-9_]/.test(src[i + o.length] ?? '')));
    if (op) {
      out.push({ t: 'op', v: op });
      i += op.length;
      continue;
    }
    const m = /^(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_.]*)/.exec(src.slice(i));
    if (!m) return undefined;
    out.push({ t: /^[0-9.]/.test(m[0]) ? 'num' : 'str', v: m[0] });
    i += m[0].length;
  }
  return out;
}

type Val = string;

function truthy(v: Val): boolean | undefined {
  const s = v.trim().toLowerCase();
  if (['true', 'yes', 'on'].includes(s)) return true;
  if (['false', 'no', 'off'].includes(s)) return false;
  const n = Number(s);
  return Number.isFinite(n) && s !== '' ? n !== 0 : undefined;
}

/** Evaluate a condition; undefined when it cannot be decided statically. */
export function evalCondition(src: string, lookup: Lookup): boolean | undefined {
  const toks = lex(src);
  if (!toks || !toks.length) return undefined;
  let pos = 0;
  const fail = Symbol('fail');
  type R = Val | typeof fail;

  const primary = (): R => {
    const t = toks[pos++];
    if (!t) return fail;
    if (t.t === 'op' && t.v === '(') {
      const v = or();
      if (toks[pos]?.v !== ')') return fail;
      pos++;
      return v;
    }
    if (t.t === 'op' && t.v === '!') {
      const v = primary();
      if (v === fail) return fail;
      const b = truthy(v);
      return b === undefined ? fail : b ? '0' : '1';
    }
    if (t.t === 'var') return lookup(t.v, t.index) ?? fail;
    if (t.t === 'num' || t.t === 'str') return t.v;
    return fail;
  };
  const compare = (): R => {
    let a = primary();
    while (toks[pos]?.t === 'op' && ['==', '!=', '<', '<=', '>', '>=', 'eq', 'ne'].includes(toks[pos].v)) {
      const op = toks[pos++].v;
      const b = primary();
      if (a === fail || b === fail) return fail;
      const na = Number(a);
      const nb = Number(b);
      const numeric = op !== 'eq' && op !== 'ne' && a.trim() !== '' && b.trim() !== '' && Number.isFinite(na) && Number.isFinite(nb);
      const cmp = numeric ? na - nb : a < b ? -1 : a > b ? 1 : 0;
      const r = op === '==' || op === 'eq' ? cmp === 0 : op === '!=' || op === 'ne' ? cmp !== 0 : op === '<' ? cmp < 0 : op === '<=' ? cmp <= 0 : op === '>' ? cmp > 0 : cmp >= 0;
      a = r ? '1' : '0';
    }
    return a;
  };
  const and = (): R => {
    let a = compare();
    while (toks[pos]?.v === '&&') {
      pos++;
      const b = compare();
      if (a === fail || b === fail) return fail;
      const x = truthy(a);
      const y = truthy(b);
      if (x === undefined || y === undefined) return fail;
      a = x && y ? '1' : '0';
    }
    return a;
  };
  const or = (): R => {
    let a = and();
    while (toks[pos]?.v === '||') {
      pos++;
      const b = and();
      if (a === fail || b === fail) return fail;
      const x = truthy(a);
      const y = truthy(b);
      if (x === undefined || y === undefined) return fail;
      a = x || y ? '1' : '0';
    }
    return a;
  };
  const v = or();
  if (v === fail || pos !== toks.length) return undefined;
  return truthy(v);
}
