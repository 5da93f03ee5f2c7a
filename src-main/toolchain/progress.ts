/**
 * Progress (stage + percent) from the tools' own log lines (xilinx-cli.md §5). A tracker is fed line
 * by line and returns a new Progress when something changed. Percent is a coarse position within the
 * known phase list, never a time estimate.
 */

export interface Progress {
  /** Human label, e.g. 'csynth: Architecture Synthesis', 'impl: place_design'. */
  stage: string;
  /** 0..100 */
  percent: number;
}

const CSYNTH_PHASES = [
  'File checks and directory preparation',
  'Source Code Analysis and Preprocessing',
  'Compiling Optimization and Transform',
  'Checking Pragmas',
  'Standard Transforms',
  'Checking Synthesizability',
  'Loop, function and other optimizations',
  'Architecture Synthesis',
  'Generating all RTL models',
];
export const HLS_COMMANDS = ['csim_design', 'csynth_design', 'cosim_design', 'export_design'];
const COSIM_STEPS: Array<[string, number]> = [
  ['212-302', 10], ['212-333', 25], ['212-12', 35], ['212-323', 45], ['212-15', 55], ['212-316', 85], ['212-1000', 100],
];
const VIVADO_COMMANDS = ['synth_design', 'link_design', 'opt_design', 'place_design', 'phys_opt_design', 'route_design', 'report_power', 'write_bitstream'];

export interface ProgressTracker {
  feed(line: string): Progress | undefined;
  current(): Progress | undefined;
}

/**
 * `commands`: the HLS commands this step's script will run (e.g. only csynth_design), so the bar
 * spans just those; defaults to the full csim → csynth → cosim → export flow.
 */
export function hlsProgress(commands: string[] = HLS_COMMANDS): ProgressTracker {
  let cur: Progress | undefined;
  let cmd = '';
  const set = (stage: string, percent: number) => {
    // Never move the bar backwards: a later, unlisted command keeps the last percent.
    const p = { stage, percent: Math.max(cur?.percent ?? 0, Math.min(100, Math.round(percent))) };
    if (cur && cur.stage === p.stage && cur.percent === p.percent) return undefined;
    cur = p;
    return p;
  };
  // Share of the overall HLS run given to each command, so csynth does not jump back to 0 after csim.
  const base = (c: string) => {
    const i = commands.indexOf(c);
    return i < 0 ? cur?.percent ?? 0 : (i / commands.length) * 100;
  };
  const span = 100 / Math.max(1, commands.length);
  return {
    current: () => cur,
    feed(line) {
      let m = /^INFO: \[HLS 200-1510\] Running: (\S+)/.exec(line);
      if (m) {
        if (HLS_COMMANDS.includes(m[1])) { cmd = m[1]; return set(cmd.replace('_design', ''), base(cmd)); }
        return undefined;
      }
      m = /^INFO: \[HLS 200-111\] Finished Command (\S+)/.exec(line);
      if (m && HLS_COMMANDS.includes(m[1])) return set(`${m[1].replace('_design', '')} done`, base(m[1]) + span);
      m = /^INFO: \[HLS 200-111\] Finished (.+?):? (CPU user time|Time \(s\))/.exec(line);
      if (m) {
        const i = CSYNTH_PHASES.findIndex((p) => p.toLowerCase() === m![1].toLowerCase());
        if (i >= 0) return set(`csynth: ${CSYNTH_PHASES[i]}`, base('csynth_design') + ((i + 1) / (CSYNTH_PHASES.length + 1)) * span);
        if (/^(Scheduling|Binding)$/.test(m[1]) && cur) return set(`csynth: ${m[1]}`, cur.percent);
        return undefined;
      }
      if (/^INFO: \[SIM 211-2\]/.test(line)) return set('csim: running', base('csim_design') + span * 0.1);
      if (/^INFO: \[SIM 211-3\]/.test(line)) return set('csim: finished', base('csim_design') + span);
      m = /^INFO: \[COSIM (212-\d+)\]/.exec(line);
      if (m) {
        const s = COSIM_STEPS.find(([id]) => id === m![1]);
        if (s) return set(`cosim: ${line.replace(/^INFO: \[COSIM 212-\d+\]\s*/, '').replace(/[.*\s]+$/, '').slice(0, 60)}`, base('cosim_design') + (s[1] / 100) * span);
      }
      if (/^INFO: \[HLS 200-789\] \*+ Estimated Fmax/.test(line)) return set('csynth: RTL generated', base('csynth_design') + span * 0.98);
      return undefined;
    },
  };
}

export function vivadoProgress(): ProgressTracker {
  let cur: Progress | undefined;
  let cmdIdx = -1;
  const set = (stage: string, percent: number) => {
    // Never move the bar backwards: a later, unlisted command keeps the last percent.
    const p = { stage, percent: Math.max(cur?.percent ?? 0, Math.min(100, Math.round(percent))) };
    if (cur && cur.stage === p.stage && cur.percent === p.percent) return undefined;
    cur = p;
    return p;
  };
  const span = 100 / VIVADO_COMMANDS.length;
  return {
    current: () => cur,
    feed(line) {
      let m = /^Command: (\S+)/.exec(line);
      if (m) {
        const i = VIVADO_COMMANDS.indexOf(m[1]);
        if (i < 0) return set(`impl: ${m[1]}`, cur?.percent ?? 0);
        cmdIdx = Math.max(cmdIdx, i);
        return set(`impl: ${m[1]}`, cmdIdx * span);
      }
      m = /^(\S+) completed successfully$/.exec(line);
      if (m) {
        const i = VIVADO_COMMANDS.indexOf(m[1]);
        if (i >= 0) return set(`impl: ${m[1]} done`, (i + 1) * span);
        return undefined;
      }
      m = /^Phase (\d+(?:\.\d+)*) (.+?)(\s*\|\s*Checksum:.*)?$/.exec(line);
      if (m && cmdIdx >= 0) {
        const top = Number(m[1].split('.')[0]);
        // Phases inside one command: creep forward within its span without claiming it is done.
        return set(`impl: ${VIVADO_COMMANDS[cmdIdx]}: ${m[2]}`, cmdIdx * span + Math.min(0.9, top / 10) * span);
      }
      m = /^Starting (.+) Task$/.exec(line);
      if (m && cmdIdx >= 0 && cur) return set(`impl: ${VIVADO_COMMANDS[cmdIdx]}: ${m[1]}`, cur.percent);
      if (/^\[.*\] Launched (synth|impl)_\d+/.test(line)) return set('impl: launched run', cur?.percent ?? 0);
      return undefined;
    },
  };
}

/** Picks the tracker by tool: HLS logs and Vivado logs have disjoint markers. */
export function progressFor(tool: 'hls' | 'vivado' | 'none', hlsCommands?: string[]): ProgressTracker | undefined {
  return tool === 'hls' ? hlsProgress(hlsCommands) : tool === 'vivado' ? vivadoProgress() : undefined;
}
