/**
 * Classify Xilinx tool log lines: `SEVERITY: [Subsystem group-id] text` (xilinx-cli.md §4). Interactive
 * logs carry ANSI escapes and carriage returns from the prompt; they are stripped first so a message
 * that follows prompt noise on the same physical line is still found.
 */

export type Severity = 'ERROR' | 'CRITICAL WARNING' | 'WARNING' | 'INFO';

export interface LogMessage {
  severity: Severity;
  /** e.g. 'SIM 211-100' */
  id: string;
  subsystem: string;
  text: string;
  /** 1-based line number in the file as written. */
  line: number;
}

export interface LogSummary {
  counts: { error: number; criticalWarning: number; warning: number };
  messages: LogMessage[];
  /** Distinct message ids with how often they occur, most frequent first. */
  byId: Array<{ id: string; severity: Severity; count: number }>;
}

const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b[=>]/g;
const MSG = /^(INFO|WARNING|CRITICAL WARNING|ERROR): \[([A-Za-z0-9_+-]+) ([0-9]+-[0-9]+)\] (.*)$/;

export function stripAnsi(s: string): string {
  return s.replace(ANSI, '');
}

/** One physical line → its message, if any. Prompt redraws end with \r, so the last \r-segment counts. */
export function classifyLine(raw: string, line: number): LogMessage | undefined {
  const clean = stripAnsi(raw);
  const segs = clean.split('\r');
  for (let i = segs.length - 1; i >= 0; i--) {
    const m = MSG.exec(segs[i].trimEnd());
    if (m) return { severity: m[1] as Severity, subsystem: m[2], id: `${m[2]} ${m[3]}`, text: m[4], line };
  }
  return undefined;
}

export function classifyLog(text: string, opts: { includeInfo?: boolean } = {}): LogSummary {
  const lines = text.split('\n');
  const messages: LogMessage[] = [];
  const counts = { error: 0, criticalWarning: 0, warning: 0 };
  const ids = new Map<string, { id: string; severity: Severity; count: number }>();
  for (let i = 0; i < lines.length; i++) {
    const m = classifyLine(lines[i], i + 1);
    if (!m) continue;
    if (m.severity === 'ERROR') counts.error++;
    else if (m.severity === 'CRITICAL WARNING') counts.criticalWarning++;
    else if (m.severity === 'WARNING') counts.warning++;
    else if (!opts.includeInfo) continue;
    messages.push(m);
    const key = `${m.severity}|${m.id}`;
    const e = ids.get(key) ?? { id: m.id, severity: m.severity, count: 0 };
    e.count++;
    ids.set(key, e);
  }
  return { counts, messages, byId: [...ids.values()].sort((a, b) => b.count - a.count) };
}

/** The first `n` ERROR lines (then CRITICAL WARNINGs if there are no errors) — what a failed step shows. */
export function firstErrors(text: string, n = 5): LogMessage[] {
  const { messages } = classifyLog(text);
  const errs = messages.filter((m) => m.severity === 'ERROR');
  return (errs.length ? errs : messages.filter((m) => m.severity === 'CRITICAL WARNING')).slice(0, n);
}
