/**
 * The neutral description of an HLS project for C simulation. The Vitis HLS TCL reader, the
 * hls_config.cfg reader and (later) the workbench's own code generator all produce this, and the
 * builder/runner consume only this — never the script it came from.
 */

export interface HlsSourceFile {
  /** Absolute path on disk. */
  path: string;
  /** The path as the project wrote it (relative to the project dir, or absolute). */
  as: string;
  /** Per-file -cflags (used by csim and synthesis). */
  cflags: string[];
  /** Per-file -csimflags (csim and cosim only). */
  csimflags: string[];
  /** Script file and line that added it, for messages. */
  origin?: { file: string; line: number };
}

export interface IgnoredCommand {
  name: string;
  line: number;
  file: string;
  /** Why it is not used: unknown command, control flow we do not evaluate, unresolved substitution… */
  reason: string;
}

/** A command the reader understood but which does not affect C simulation (csynth, directives…). */
export interface RecognisedCommand {
  name: string;
  args: string[];
  line: number;
}

export interface CsimSettings {
  /** Arguments passed to the testbench main(), already split. */
  argv: string[];
  /** Extra linker flags (csim_design -ldflags). */
  ldflags: string[];
  /** csim_design -O: optimised build requested by the project. */
  optimize: boolean;
  /** csim_design -clean: rebuild from scratch. */
  clean: boolean;
  /** Whether the script asked for csim at all (csim_design present, or a cfg). */
  requested: boolean;
}

export interface HlsProject {
  /** Where it came from. 'generated' is a workbench-generated project (issue 6). */
  kind: 'tcl' | 'cfg' | 'generated';
  /** Directory relative paths resolve against (where Vitis would be run). */
  dir: string;
  /** The script or config file read. */
  source?: string;
  name?: string;
  solution?: string;
  top?: string;
  part?: string;
  clockPeriodNs?: number;
  flowTarget?: string;
  /** Design sources (compiled: .c/.cc/.cpp/.cxx; headers are listed but not compiled). */
  designFiles: HlsSourceFile[];
  /** Testbench files and directories (-tb): sources are compiled, everything is made available to the run. */
  tbFiles: HlsSourceFile[];
  /** Flags applied to every design file (cfg syn.cflags / syn.csimflags). */
  designCflags: string[];
  /** Flags applied to every testbench file (cfg tb.cflags). */
  tbCflags: string[];
  csim: CsimSettings;
  ignoredCommands: IgnoredCommand[];
  recognisedCommands: RecognisedCommand[];
  warnings: string[];
}

export function emptyProject(kind: HlsProject['kind'], dir: string, source?: string): HlsProject {
  return {
    kind,
    dir,
    source,
    designFiles: [],
    tbFiles: [],
    designCflags: [],
    tbCflags: [],
    csim: { argv: [], ldflags: [], optimize: false, clean: false, requested: false },
    ignoredCommands: [],
    recognisedCommands: [],
    warnings: [],
  };
}

const COMPILED = /\.(c|cc|cpp|cxx|c\+\+|C)$/;

/** Whether a project file is a C/C++ translation unit g++ should compile. */
export function isCompiledSource(file: string): boolean {
  return COMPILED.test(file);
}

/**
 * Parse a clock given as `10`, `10ns`, `3.33 ns`, `300MHz` or `300 MHz` to a period in ns.
 * Returns undefined when it is not a clock value.
 */
export function parseClockPeriodNs(text: string): number | undefined {
  const m = /^\s*([0-9]*\.?[0-9]+(?:[eE][-+]?\d+)?)\s*(ns|mhz|ghz|ps)?\s*$/i.exec(text);
  if (!m) return undefined;
  const v = Number(m[1]);
  if (!(v > 0)) return undefined;
  switch ((m[2] ?? 'ns').toLowerCase()) {
    case 'mhz': return 1000 / v;
    case 'ghz': return 1 / v;
    case 'ps': return v / 1000;
    default: return v;
  }
}

/** Split a flags string the way a shell would split simple words (quotes group, backslash escapes). */
export function splitFlags(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) cur += text[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}
