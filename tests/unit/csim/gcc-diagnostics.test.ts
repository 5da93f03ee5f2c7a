import { describe, expect, it } from 'vitest';
import { parseGccDiagnostics } from '../../../src-main/csim/gcc-diagnostics';

describe('g++ diagnostics', () => {
  it('parses file:line:col errors, fatal errors and warnings', () => {
    const d = parseGccDiagnostics(
      [
        "k.cpp: In function 'void f()':",
        "k.cpp:12:5: error: 'y' was not declared in this scope",
        '   12 |     y = 1;',
        "tb.cpp:3:10: fatal error: missing.h: No such file or directory",
        "k.cpp:20:9: warning: unused variable 'z' [-Wunused-variable]",
      ].join('\n'),
    );
    expect(d).toEqual([
      { severity: 'error', file: 'k.cpp', line: 12, column: 5, message: "'y' was not declared in this scope" },
      { severity: 'error', file: 'tb.cpp', line: 3, column: 10, message: 'missing.h: No such file or directory' },
      { severity: 'warning', file: 'k.cpp', line: 20, column: 9, message: "unused variable 'z' [-Wunused-variable]" },
    ]);
  });

  it('parses linker errors', () => {
    const d = parseGccDiagnostics(
      "/usr/bin/ld: /tmp/b/tb.o: in function `main':\ntb.cpp:(.text+0x1d): undefined reference to `top(int)'\ncollect2: error: ld returned 1 exit status",
    );
    expect(d[0]).toMatchObject({ severity: 'error', file: 'tb.cpp', message: "undefined reference to `top(int)'" });
    expect(d.some((x) => /ld returned 1/.test(x.message))).toBe(true);
  });
});
