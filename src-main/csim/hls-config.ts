/**
 * Read a Vitis unified `hls_config.cfg` (INI style: top-level `part=`, then an `[hls]` section with
 * syn.* / tb.* / csim.* keys) into an HlsProject. Paths are relative to the config file's directory.
 * Keys that do not affect C simulation are recognised; unknown keys are listed as ignored.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileError } from '../core/errors';
import { emptyProject, parseClockPeriodNs, splitFlags, type HlsProject, type HlsSourceFile } from './project';

const BOOL_TRUE = /^(1|true|yes|on)$/i;

export function interpretHlsConfig(text: string, cfgPath: string): HlsProject {
  const dir = path.dirname(cfgPath);
  const p = emptyProject('cfg', dir, cfgPath);
  p.csim.requested = true;
  let section = '';
  const fileFlags: Array<{ key: string; file: string; flags: string[]; line: number }> = [];
  const add = (list: HlsSourceFile[], f: string, line: number) =>
    list.push({ path: path.resolve(dir, f), as: f, cflags: [], csimflags: [], origin: { file: cfgPath, line } });

  text.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    const s = raw.trim();
    if (!s || s.startsWith('#') || s.startsWith(';')) return;
    const sec = /^\[([^\]]*)\]$/.exec(s);
    if (sec) {
      section = sec[1].trim();
      return;
    }
    const eq = s.indexOf('=');
    if (eq < 0) {
      p.ignoredCommands.push({ name: s, line, file: cfgPath, reason: 'not a key=value line' });
      return;
    }
    const key = s.slice(0, eq).trim();
    const value = s.slice(eq + 1).trim();
    const rec = () => p.recognisedCommands.push({ name: section ? `${section}.${key}` : key, args: [value], line });

    if (section === '') {
      if (key === 'part') p.part = value;
      else if (key === 'platform' || key === 'freqhz') rec();
      else p.ignoredCommands.push({ name: key, line, file: cfgPath, reason: 'unknown top-level key' });
      return;
    }
    if (key === 'part') {
      p.part = value;
      return;
    }
    if (section !== 'hls') {
      rec(); // [vivado] etc.: used by other flows
      return;
    }
    switch (key) {
      case 'syn.top': p.top = value; return;
      case 'syn.file': add(p.designFiles, value, line); return;
      case 'tb.file': add(p.tbFiles, value, line); return;
      case 'syn.cflags': p.designCflags.push(...splitFlags(value)); return;
      case 'syn.csimflags': p.designCflags.push(...splitFlags(value)); return;
      case 'tb.cflags': p.tbCflags.push(...splitFlags(value)); return;
      case 'syn.file_cflags':
      case 'syn.file_csimflags':
      case 'tb.file_cflags':
      case 'tb.file_csimflags': {
        const comma = value.indexOf(',');
        if (comma < 0) {
          p.warnings.push(`${cfgPath}:${line}: ${key} needs <file>,<flags>`);
          return;
        }
        fileFlags.push({ key, file: value.slice(0, comma).trim(), flags: splitFlags(value.slice(comma + 1)), line });
        return;
      }
      case 'clock': {
        const ns = parseClockPeriodNs(value);
        if (ns === undefined) p.warnings.push(`${cfgPath}:${line}: unreadable clock '${value}'`);
        else p.clockPeriodNs = ns;
        return;
      }
      case 'flow_target': p.flowTarget = value; return;
      case 'csim.argv': p.csim.argv = splitFlags(value); return;
      case 'csim.ldflags': p.csim.ldflags = splitFlags(value); return;
      case 'csim.O': p.csim.optimize = BOOL_TRUE.test(value); return;
      case 'csim.clean': p.csim.clean = BOOL_TRUE.test(value); return;
      default:
        if (/^(syn|csim|cosim|package|vivado|clock_uncertainty|freqhz|relative_roots|tb)\b/.test(key)) rec();
        else p.ignoredCommands.push({ name: key, line, file: cfgPath, reason: 'unknown [hls] key' });
    }
  });

  // Per-file flags may come before or after the file; attach them once everything is read.
  for (const ff of fileFlags) {
    const list = ff.key.startsWith('tb.') ? p.tbFiles : p.designFiles;
    const abs = path.resolve(dir, ff.file);
    const target = list.find((f) => f.path === abs);
    if (!target) {
      p.warnings.push(`${cfgPath}:${ff.line}: ${ff.key} names ${ff.file}, which is not a ${ff.key.startsWith('tb.') ? 'tb.file' : 'syn.file'}`);
      continue;
    }
    if (ff.key.endsWith('_csimflags')) target.csimflags.push(...ff.flags);
    else target.cflags.push(...ff.flags);
  }
  return p;
}

export function readHlsConfig(cfgPath: string): HlsProject {
  const abs = path.resolve(cfgPath);
  let text: string;
  try {
    text = readFileSync(abs, 'utf8');
  } catch (err) {
    throw fileError('cannot read the HLS config file', { file: abs }, err);
  }
  return interpretHlsConfig(text, abs);
}
