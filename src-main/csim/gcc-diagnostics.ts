/**
 * Parse g++ / ld output into file:line:col diagnostics, so a compile error is shown where it is.
 */

export interface CompileDiagnostic {
  severity: 'error' | 'warning' | 'note';
  file: string;
  line?: number;
  column?: number;
  message: string;
}

const GCC = /^(.+?):(\d+):(?:(\d+):)?\s+(fatal error|error|warning|note):\s+(.*)$/;
// "/usr/bin/ld: obj.o: in function `main':" is context; the next line carries the error.
const LD_UNDEF = /^(?:.*\bld(?:\.\w+)?:\s+)?(.+?):(?:\(.*?\)|(\d+)):?\s*(undefined reference to .*|multiple definition of .*)$/;
const LD_GENERIC = /^(?:\/\S*\/)?(?:ld|collect2)(?:\.\w+)?:\s+(?:error:\s+)?(.*)$/;

export function parseGccDiagnostics(output: string): CompileDiagnostic[] {
  const out: CompileDiagnostic[] = [];
  for (const raw of output.split('\n')) {
    const line = raw.replace(/\r$/, '');
    let m = GCC.exec(line);
    if (m) {
      const sev = m[4] === 'fatal error' ? 'error' : (m[4] as CompileDiagnostic['severity']);
      out.push({ severity: sev, file: m[1], line: Number(m[2]), column: m[3] ? Number(m[3]) : undefined, message: m[5] });
      continue;
    }
    m = LD_UNDEF.exec(line);
    if (m) {
      out.push({ severity: 'error', file: m[1], line: m[2] ? Number(m[2]) : undefined, message: m[3] });
      continue;
    }
    m = LD_GENERIC.exec(line);
    if (m && !/in function/.test(m[1])) {
      out.push({ severity: 'error', file: 'ld', message: m[1] });
    }
  }
  return out;
}

export function formatDiagnostic(d: CompileDiagnostic): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}${d.column !== undefined ? `:${d.column}` : ''}` : d.file;
  return `${where}: ${d.severity}: ${d.message}`;
}
