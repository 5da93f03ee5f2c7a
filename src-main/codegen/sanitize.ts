/**
 * Names from a model become C++ identifiers, TCL words, comments and file names in the generated
 * project. Model names are hostile input (quotes, spaces, `;`, `$`, `[`, `../`, non-ASCII, keywords):
 * nothing from the model reaches a generated file without passing through one of these functions.
 */
import path from 'node:path';
import { inputError } from '../core/errors';

const CPP_KEYWORDS = new Set(
  ('alignas alignof and and_eq asm auto bitand bitor bool break case catch char char8_t char16_t char32_t class ' +
    'compl concept const consteval constexpr constinit const_cast continue co_await co_return co_yield decltype default ' +
    'delete do double dynamic_cast else enum explicit export extern false float for friend goto if inline int long ' +
    'mutable namespace new noexcept not not_eq nullptr operator or or_eq private protected public register ' +
    'reinterpret_cast requires return short signed sizeof static static_assert static_cast struct switch template ' +
    'this thread_local throw true try typedef typeid typename union unsigned using virtual void volatile wchar_t ' +
    'while xor xor_eq main std hls fwb NULL EOF assert').split(' '),
);

/**
 * A C++ identifier for `name`, unique within `taken` (which it updates). Characters outside
 * [A-Za-z0-9_] become '_', runs of '_' collapse (a double underscore is reserved), leading digits
 * and keywords get a prefix, and a clash with an earlier name gets a numeric suffix.
 */
export function cppIdent(name: string, taken?: Set<string>, prefix = 'n'): string {
  let s = name.normalize('NFKD').replace(/[^A-Za-z0-9_]+/g, '_').replace(/_+/g, '_').replace(/^_+|_+$/g, '');
  if (!s) s = prefix;
  if (/^[0-9]/.test(s) || CPP_KEYWORDS.has(s) || /^[A-Z]_?$/.test(s)) s = `${prefix}_${s}`;
  if (s.length > 120) s = s.slice(0, 120).replace(/_+$/, '');
  if (!taken) return s;
  let out = s;
  for (let i = 2; taken.has(out.toLowerCase()); i++) out = `${s}_${i}`;
  taken.add(out.toLowerCase());
  return out;
}

/** Text safe inside a C++ `//` comment: one line, printable ASCII, no trigraph/backslash tricks. */
export function cppComment(text: string): string {
  return text
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/[^\x20-\x7e]/g, '?')
    .replace(/\\/g, '/')
    .replace(/\?\?/g, '? ?')
    .slice(0, 200);
}

/** A C++ string literal (double-quoted, escaped, ASCII only). */
export function cppString(text: string): string {
  let out = '"';
  for (const b of Buffer.from(text, 'utf8')) {
    if (b === 0x22 || b === 0x5c) out += '\\' + String.fromCharCode(b);
    else if (b >= 0x20 && b < 0x7f && b !== 0x3f) out += String.fromCharCode(b);
    else out += '\\' + b.toString(8).padStart(3, '0');
  }
  return out + '"';
}

/**
 * One TCL word that evaluates to exactly `text`: every character that TCL treats specially
 * (whitespace, ;, $, [, ], {, }, ", \, #) is backslash-escaped, control characters become \xNN.
 */
export function tclWord(text: string): string {
  if (text === '') return '{}';
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if (' \t;$[]{}"\\#'.includes(ch)) out += '\\' + ch;
    else out += ch;
  }
  return out;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/** A portable file name (no separators, no `..`, no leading dot or dash, ASCII, bounded length). */
export function safeFileName(name: string, fallback = 'file'): string {
  let s = name.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/\.{2,}/g, '.').replace(/^[.\-_]+/, '').replace(/[.\s]+$/, '');
  if (!s) s = fallback;
  if (WINDOWS_RESERVED.test(s)) s = `_${s}`;
  return s.slice(0, 100);
}

/** Join a relative path below root, refusing anything that would escape it. */
export function safeJoin(root: string, rel: string): string {
  const abs = path.resolve(root, rel);
  const r = path.relative(path.resolve(root), abs);
  if (!r || r.startsWith('..') || path.isAbsolute(r)) throw inputError(`path '${rel}' escapes the project directory`, { file: root });
  return abs;
}
