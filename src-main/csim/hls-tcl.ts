/**
 * Read a Vitis HLS project script (run_hls.tcl, script.tcl…) into an HlsProject WITHOUT executing
 * it. The project commands are interpreted statically; `set`/`append`/`lappend` variables are
 * substituted where their value is known; a few pure helpers (`file dirname|join|normalize|tail`,
 * `info script`, `pwd`, `glob`, `list`, `concat`) are evaluated; `foreach` over a static list is
 * unrolled, `if` is followed when its condition is static, `array set` fills arrays and `source`
 * reads the other script the same way. csim uses the files as they were when `csim_design` came
 * (as Vitis, which runs csim at that point). Everything else is listed as ignored with the reason,
 * so the user sees what was skipped.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileError } from '../core/errors';
import { emptyProject, parseClockPeriodNs, splitFlags, type HlsProject, type HlsSourceFile } from './project';
import { evalCondition } from './tcl-expr';
import { joinTclList, splitTclList, tokenizeTcl, type TclCommand, type TclWord, type WordPart } from './tcl-tokenize';

export interface TclReadOptions {
  /** Directory vitis_hls would run in; relative paths resolve against it. Default: the script's dir. */
  cwd?: string;
  /** Environment for $env(NAME) / $::env(NAME). Default: process.env. */
  env?: Record<string, string | undefined>;
  /** Values for $argv (vitis_hls -f script -tclargs …). */
  tclArgs?: string[];
}

/** Commands that matter for synthesis or export but not for C simulation. */
const RECOGNISED = /^(config_\w+|set_directive_\w+|csynth_design|cosim_design|export_design|close_project|close_solution|set_clock_uncertainty|add_files_blackbox|set_param|open_component|close_component|cosim_stall|get_files|list_part)$/;

/** Tcl commands with no effect on what we build; listed as ignored, with this reason. */
const CONTROL = new Set(['for', 'while', 'proc', 'switch', 'exec', 'eval', 'uplevel', 'catch', 'try', 'return', 'break', 'continue']);

/** How deep `source` may nest (a script sourcing itself must not loop). */
const MAX_SOURCE_DEPTH = 8;

type Value = string | undefined;

class Interp {
  vars = new Map<string, Value>();
  project: HlsProject;
  stopped = false;
  /** The script being read now (changes inside `source`). */
  file: string;
  sourceDepth = 0;
  /** The sources as they were when csim_design ran: later add_files (e.g. for cosim) do not apply to csim. */
  atCsim?: { designFiles: HlsSourceFile[]; tbFiles: HlsSourceFile[] };

  constructor(
    file: string,
    readonly cwd: string,
    readonly env: Record<string, string | undefined>,
    tclArgs: string[],
  ) {
    this.file = file;
    this.project = emptyProject('tcl', cwd, file);
    this.vars.set('argv', joinTclList(tclArgs));
    this.vars.set('argc', String(tclArgs.length));
    this.vars.set('argv0', file);
  }

  // ---- substitution ----

  wordValue(w: TclWord): Value {
    let out = '';
    for (const p of w.parts) {
      const v = this.partValue(p, w.braced);
      if (v === undefined) return undefined;
      out += v;
    }
    return out;
  }

  partValue(p: WordPart, braced: boolean): Value {
    if (p.kind === 'text' || braced) return p.kind === 'text' ? p.value : undefined;
    if (p.kind === 'var') {
      if (p.index) {
        let key = '';
        for (const q of p.index) {
          const v = this.partValue(q, false);
          if (v === undefined) return undefined;
          key += v;
        }
        if (p.name === 'env' || p.name === '::env') return this.env[key];
        return this.vars.get(`${p.name}(${key})`);
      }
      return this.vars.get(p.name);
    }
    // Command substitution: evaluate only pure helpers; its last command gives the value.
    let v: Value = '';
    for (const c of p.commands) v = this.pure(c);
    return v;
  }

  /** Values of a command's words, with {*} expansion; undefined if any is unknown. */
  words(c: TclCommand): { values?: string[]; unresolved?: string } {
    const out: string[] = [];
    for (const w of c.words) {
      const v = this.wordValue(w);
      if (v === undefined) return { unresolved: describe(w) };
      if (w.expand) out.push(...splitTclList(v));
      else out.push(v);
    }
    return { values: out };
  }

  /** The pure helpers allowed inside [ ]. */
  pure(c: TclCommand): Value {
    const { values } = this.words(c);
    if (!values) return undefined;
    const [name, ...a] = values;
    switch (name) {
      case 'info':
        if (a[0] === 'script') return this.file;
        return undefined;
      case 'pwd':
        return this.cwd;
      case 'file': {
        const [sub, ...r] = a;
        if (sub === 'dirname' && r.length === 1) return path.dirname(r[0]);
        if (sub === 'tail' && r.length === 1) return path.basename(r[0]);
        if (sub === 'rootname' && r.length === 1) return r[0].slice(0, r[0].length - path.extname(r[0]).length);
        if (sub === 'extension' && r.length === 1) return path.extname(r[0]);
        if (sub === 'join' && r.length >= 1) return path.join(...r);
        if (sub === 'normalize' && r.length === 1) return path.resolve(this.cwd, r[0]);
        return undefined;
      }
      case 'list':
        return joinTclList(a);
      case 'concat':
        return a.map((s) => s.trim()).filter(Boolean).join(' ');
      case 'glob':
        return joinTclList(this.glob(a));
      case 'set':
        if (a.length === 1) return this.vars.get(a[0]);
        if (a.length === 2) {
          this.vars.set(a[0], a[1]);
          return a[1];
        }
        return undefined;
      default:
        return undefined;
    }
  }

  glob(args: string[]): string[] {
    let dir = this.cwd;
    const patterns: string[] = [];
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '-nocomplain' || args[i] === '--') continue;
      if (args[i] === '-directory') dir = path.resolve(this.cwd, args[++i] ?? '.');
      else patterns.push(args[i]);
    }
    const out: string[] = [];
    for (const pat of patterns) {
      const abs = path.isAbsolute(pat);
      const base = abs ? '/' : dir;
      const segs = pat.split('/').filter((s) => s !== '');
      let cur = [''];
      for (const seg of segs) {
        const next: string[] = [];
        for (const rel of cur) {
          if (!/[*?[]/.test(seg)) {
            next.push(rel ? `${rel}/${seg}` : seg);
            continue;
          }
          const re = globToRegExp(seg);
          let entries: string[] = [];
          try {
            entries = readdirSync(path.join(base, rel));
          } catch {
            /* no such dir: no match */
          }
          for (const e of entries.sort()) if (re.test(e) && !e.startsWith('.')) next.push(rel ? `${rel}/${e}` : e);
        }
        cur = next;
      }
      for (const rel of cur) {
        const full = path.join(base, rel);
        try {
          statSync(full);
          out.push(abs ? full : args.includes('-directory') ? full : rel);
        } catch {
          /* pattern without wildcards that does not exist */
        }
      }
    }
    return out;
  }

  // ---- commands ----

  run(cmds: TclCommand[]): void {
    for (const c of cmds) {
      if (this.stopped) return;
      this.command(c);
    }
  }

  ignore(c: TclCommand, name: string, reason: string): void {
    this.project.ignoredCommands.push({ name, line: c.line, file: this.file, reason });
  }

  command(c: TclCommand): void {
    const nameWord = c.words[0];
    const name = this.wordValue(nameWord);
    if (name === undefined) {
      this.ignore(c, describe(nameWord), 'command name is not static');
      return;
    }
    if (name === 'foreach') return this.foreach(c);
    if (name === 'if') return this.ifCommand(c);
    if (name === 'source') return this.source(c);
    if (CONTROL.has(name)) return this.ignore(c, name, 'control flow is not evaluated (the script is read, never executed)');
    if (name === 'exit' || name === 'quit') {
      this.project.recognisedCommands.push({ name, args: [], line: c.line });
      this.stopped = true;
      return;
    }
    const { values, unresolved } = this.words(c);
    if (!values) {
      this.ignore(c, name, `cannot resolve ${unresolved} statically`);
      if (name === 'set' && c.words.length >= 2) {
        const v = this.wordValue(c.words[1]);
        if (v !== undefined) this.vars.set(v, undefined);
      }
      return;
    }
    const args = values.slice(1);
    const p = this.project;
    switch (name) {
      case 'set':
        if (args.length === 2) this.vars.set(args[0], args[1]);
        else if (args.length !== 1) this.ignore(c, name, 'wrong number of arguments');
        return;
      case 'array':
        if (args[0] === 'set' && args.length === 3) {
          const kv = splitTclList(args[2]);
          for (let i = 0; i + 1 < kv.length; i += 2) this.vars.set(`${args[1]}(${kv[i]})`, kv[i + 1]);
        } else this.ignore(c, name, 'only `array set` is read');
        return;
      case 'unset':
        for (const a of args) if (!a.startsWith('-')) this.vars.delete(a);
        return;
      case 'append': {
        const cur = this.vars.get(args[0]) ?? '';
        this.vars.set(args[0], cur + args.slice(1).join(''));
        return;
      }
      case 'lappend': {
        const cur = this.vars.get(args[0]) ?? '';
        this.vars.set(args[0], joinTclList([...splitTclList(cur), ...args.slice(1)]));
        return;
      }
      case 'open_project': {
        const rest = positional(args, ['-reset', '-upgrade']);
        p.name = rest[0];
        return;
      }
      case 'open_solution': {
        const { flags, rest } = options(args, ['-flow_target'], ['-reset']);
        p.solution = rest[0];
        if (flags['-flow_target']) p.flowTarget = flags['-flow_target'];
        return;
      }
      case 'set_top':
        p.top = args[0];
        return;
      case 'set_part': {
        const { flags, rest } = options(args, ['-tool', '-board'], []);
        p.part = rest[0] ?? flags['-board'];
        return;
      }
      case 'create_clock': {
        const { flags } = options(args, ['-period', '-name'], []);
        const ns = flags['-period'] !== undefined ? parseClockPeriodNs(flags['-period']) : undefined;
        if (ns === undefined) p.warnings.push(`${this.file}:${c.line}: create_clock without a readable -period`);
        else p.clockPeriodNs = ns;
        return;
      }
      case 'add_files':
        return this.addFiles(c, args);
      case 'csim_design':
      case 'config_csim': {
        const { flags, bools } = options(args, ['-argv', '-ldflags', '-mflags', '-compiler'], ['-O', '-clean', '-setup', '-profile', '-quiet', '-sanitize_address', '-sanitize_undefined', '-code_analyzer']);
        if (flags['-argv'] !== undefined) p.csim.argv = splitTclList(flags['-argv']);
        if (flags['-ldflags'] !== undefined) p.csim.ldflags = splitFlags(flags['-ldflags']);
        if (bools.has('-O')) p.csim.optimize = true;
        if (bools.has('-clean')) p.csim.clean = true;
        if (name === 'csim_design') {
          p.csim.requested = true;
          if (!this.atCsim) this.atCsim = { designFiles: [...p.designFiles], tbFiles: [...p.tbFiles] };
        }
        p.recognisedCommands.push({ name, args, line: c.line });
        return;
      }
      default:
        if (RECOGNISED.test(name)) {
          p.recognisedCommands.push({ name, args, line: c.line });
          return;
        }
        this.ignore(c, name, 'not a project command');
    }
  }

  addFiles(c: TclCommand, args: string[]): void {
    const { flags, bools, rest } = options(args, ['-cflags', '-csimflags', '-blackbox'], ['-tb', '-appendflags']);
    if (flags['-blackbox'] !== undefined) {
      this.project.recognisedCommands.push({ name: 'add_files', args, line: c.line });
      return;
    }
    const cflags = flags['-cflags'] !== undefined ? splitFlags(flags['-cflags']) : [];
    const csimflags = flags['-csimflags'] !== undefined ? splitFlags(flags['-csimflags']) : [];
    // Vitis accepts several files in one word ("a.cpp b.cpp"), so each word is read as a list.
    const files = rest.flatMap((w) => splitTclList(w));
    if (!files.length) this.project.warnings.push(`${this.file}:${c.line}: add_files without a file`);
    for (const f of files) {
      const entry: HlsSourceFile = { path: path.resolve(this.cwd, f), as: f, cflags, csimflags, origin: { file: this.file, line: c.line } };
      const list = bools.has('-tb') ? this.project.tbFiles : this.project.designFiles;
      // Adding a file again replaces its flags rather than adding it twice.
      const at = list.findIndex((x) => x.path === entry.path);
      if (at >= 0) list[at] = entry;
      else list.push(entry);
    }
  }

  /** `if cond ?then? body ?elseif cond ?then? body…? ?else? ?body?`, evaluated when every condition it reaches is static. */
  ifCommand(c: TclCommand): void {
    const w = c.words;
    let i = 1;
    const lookup = (name: string, index?: string) => {
      if (index !== undefined) return name === 'env' ? this.env[index] : this.vars.get(`${name}(${index})`);
      return this.vars.get(name);
    };
    const runBody = (word: TclWord | undefined) => {
      if (!word) return;
      const text = this.wordValue(word);
      if (text !== undefined) this.run(tokenizeTcl(text, this.file, word.line));
    };
    while (i < w.length) {
      const condText = this.wordValue(w[i]);
      const cond = condText === undefined ? undefined : evalCondition(condText, lookup);
      if (cond === undefined) return this.ignore(c, 'if', `condition ${w[i].braced ? `{${condText}}` : describe(w[i])} is not static`);
      i++;
      if (this.wordValue(w[i]) === 'then') i++;
      if (cond) return runBody(w[i]);
      i++;
      const kw = i < w.length ? this.wordValue(w[i]) : undefined;
      if (kw === 'elseif') {
        i++;
        continue;
      }
      if (kw === 'else') return runBody(w[i + 1]);
      if (i < w.length) return runBody(w[i]); // `if c body body`: the last word is the else body
      return;
    }
  }

  /** `source FILE`: read the other script the same way (never executed). */
  source(c: TclCommand): void {
    const { values } = this.words(c);
    const rel = values?.[values.length - 1];
    if (!values || values.length < 2 || rel === undefined) return this.ignore(c, 'source', 'file name is not static');
    const file = path.resolve(this.cwd, rel);
    if (this.sourceDepth >= MAX_SOURCE_DEPTH) return this.ignore(c, 'source', `nested deeper than ${MAX_SOURCE_DEPTH}`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return this.ignore(c, 'source', `${rel} not found`);
    }
    const outer = this.file;
    this.file = file;
    this.sourceDepth++;
    try {
      this.run(tokenizeTcl(text, file));
    } finally {
      this.sourceDepth--;
      this.file = outer;
    }
  }

  foreach(c: TclCommand): void {
    if (c.words.length !== 4) return this.ignore(c, 'foreach', 'only `foreach var list body` is unrolled');
    const v = this.wordValue(c.words[1]);
    const list = this.wordValue(c.words[2]);
    const body = c.words[3];
    if (v === undefined || list === undefined || !body.braced) return this.ignore(c, 'foreach', 'list or body is not static');
    const text = this.wordValue(body) ?? '';
    const vars = splitTclList(v);
    const items = splitTclList(list);
    const cmds = tokenizeTcl(text, this.file, body.line);
    for (let i = 0; i < items.length; i += vars.length) {
      vars.forEach((name, k) => this.vars.set(name, items[i + k] ?? ''));
      this.run(cmds);
    }
  }
}

function describe(w: TclWord): string {
  const p = w.parts.find((q) => q.kind !== 'text');
  if (p?.kind === 'var') return `$${p.name}`;
  if (p?.kind === 'cmd') return '[…]';
  return w.parts.map((q) => (q.kind === 'text' ? q.value : '')).join('');
}

function globToRegExp(seg: string): RegExp {
  let re = '^';
  for (const ch of seg) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** Split `-opt value` pairs and boolean `-flag`s from positional words. */
function options(args: string[], withValue: string[], boolean: string[]) {
  const flags: Record<string, string> = {};
  const bools = new Set<string>();
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (withValue.includes(a)) flags[a] = args[++i] ?? '';
    else if (boolean.includes(a)) bools.add(a);
    else rest.push(a);
  }
  return { flags, bools, rest };
}

function positional(args: string[], booleans: string[]): string[] {
  return args.filter((a) => !booleans.includes(a));
}

/** Interpret a script's text (pure but for `glob`). */
export function interpretTcl(text: string, scriptPath: string, opts: TclReadOptions = {}): HlsProject {
  const cwd = opts.cwd ?? path.dirname(scriptPath);
  const it = new Interp(scriptPath, cwd, opts.env ?? process.env, opts.tclArgs ?? []);
  it.run(tokenizeTcl(text, scriptPath));
  if (it.atCsim) {
    it.project.designFiles = it.atCsim.designFiles;
    it.project.tbFiles = it.atCsim.tbFiles;
  }
  return it.project;
}

/** Read a Vitis HLS TCL script from disk. */
export function readTclProject(scriptPath: string, opts: TclReadOptions = {}): HlsProject {
  const abs = path.resolve(scriptPath);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw fileError('cannot read the Vitis HLS script', { file: abs }, err);
  }
  return interpretTcl(text, abs, opts);
}
