import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cppComment, cppIdent, cppString, safeFileName, safeJoin, tclWord } from '../../../src-main/codegen/sanitize';

const HOSTILE = [
  'a"b', "it's", 'with space', 'semi;colon', 'dollar$x', '[exec rm -rf /]', '../../etc/passwd', 'ünïcødé-名前', 'int', 'class', '1abc',
  '9', '', '__reserved', '_Upper', 'a.b', 'a_b', 'a-b', 'back\\slash', 'new\nline', '{brace}', '#hash', '*/ comment end', '??=trigraph', 'main',
];
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const KEYWORDS = new Set(['int', 'class', 'main', 'for', 'template']);

describe('cppIdent', () => {
  it('makes every hostile name a valid, non-reserved, non-keyword C++ identifier', () => {
    for (const n of HOSTILE) {
      const id = cppIdent(n);
      expect(id, n).toMatch(IDENT);
      expect(KEYWORDS.has(id), n).toBe(false);
      expect(id.includes('__'), n).toBe(false);
      expect(/^_[A-Z]/.test(id), n).toBe(false);
    }
  });

  it('keeps distinct names distinct when they sanitise alike', () => {
    const taken = new Set<string>();
    const ids = ['a.b', 'a_b', 'a-b', 'a b', 'A_B'].map((n) => cppIdent(n, taken));
    expect(new Set(ids.map((x) => x.toLowerCase())).size).toBe(5);
    for (const id of ids) expect(id).toMatch(IDENT);
  });
});

describe('cppComment / cppString', () => {
  it('cannot end a comment line or a literal early', () => {
    for (const n of HOSTILE) {
      const c = cppComment(n);
      expect(c).not.toMatch(/[\r\n]/);
      expect(c).not.toMatch(/\\|\?\?/);
      expect(/^[\x20-\x7e]*$/.test(c)).toBe(true);
      const s = cppString(n);
      expect(s.startsWith('"') && s.endsWith('"')).toBe(true);
      expect(s.slice(1, -1)).not.toMatch(/(^|[^\\])"/);
    }
  });
});

describe('tclWord', () => {
  const hasTclsh = spawnSync('tclsh', [], { input: 'exit 0\n' }).status === 0;
  it.skipIf(!hasTclsh)('evaluates in tclsh to exactly the original text, with no substitution', () => {
    const script = HOSTILE.filter((n) => !n.includes('\n')).map((n) => `set v ${tclWord(n)}\nputs "[string length $v]:$v"`).join('\n') + '\n';
    const r = spawnSync('tclsh', [], { input: script, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n').filter(Boolean);
    HOSTILE.filter((n) => !n.includes('\n')).forEach((n, i) => expect(lines[i]).toBe(`${[...n].length}:${n}`));
  });

  it('escapes every TCL metacharacter', () => {
    const w = tclWord('a b;c$d[e]f{g}h"i\\j#k');
    expect(w).toBe('a\\ b\\;c\\$d\\[e\\]f\\{g\\}h\\"i\\\\j\\#k');
    expect(tclWord('')).toBe('{}');
    expect(tclWord('x\ny')).toBe('x\\x0ay');
  });
});

describe('safeFileName / safeJoin', () => {
  it('never yields separators, parent references or hidden names', () => {
    for (const n of HOSTILE) {
      const f = safeFileName(n);
      expect(f, n).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
      expect(f.includes('..'), n).toBe(false);
    }
    expect(safeFileName('con')).toBe('_con');
  });

  it('refuses paths that escape the root', () => {
    const root = path.resolve('/tmp/project');
    expect(safeJoin(root, 'src/top.cpp')).toBe(path.join(root, 'src', 'top.cpp'));
    expect(() => safeJoin(root, '../x')).toThrow(/escapes/);
    expect(() => safeJoin(root, '/etc/passwd')).toThrow(/escapes/);
    expect(() => safeJoin(root, 'a/../../x')).toThrow(/escapes/);
  });
});
