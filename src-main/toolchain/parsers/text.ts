/**
 * Small helpers for the fixed-layout text reports Xilinx tools write: lines, numbers that may be
 * `NA` / `<0.001` / `~0` / `-`, and `+---+` / `|` ASCII tables matched by header text.
 */
import { reportError } from '../../core/errors';

export function toLines(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n');
}

/**
 * A report cell as a number, or undefined when it has none ('-', 'NA', '---', 'Unspecified', '').
 * `<0.001` is kept as its bound (0.001) — the caller can look at `isBound` to tell.
 */
export function num(cell: string | undefined): number | undefined {
  if (cell === undefined) return undefined;
  let s = cell.trim().replace(/,/g, '');
  if (s.startsWith('<')) s = s.slice(1);
  if (s.startsWith('~')) s = s.slice(1);
  s = s.replace(/\s*(ns|us|ms|MHz)$/, '');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s)) return undefined;
  return Number(s);
}

export interface TextTable {
  header: string[];
  rows: string[][];
  /** 0-based line index of the first body row, for error messages. */
  line: number;
}

const isBorder = (l: string) => /^\s*\+[-+=]+\+\s*$/.test(l);
const isRow = (l: string) => /^\s*\|.*\|\s*$/.test(l);
const cells = (l: string) => l.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());

/**
 * The first `+---+` table at or after line `from` (and before `until`): its last header row (the one
 * just above the border under the header) and its body rows. Tables whose header spans two lines (HLS
 * latency) keep only the lower line; those parsers read cells by position instead.
 */
export function readTable(lines: string[], from: number, until = lines.length): TextTable | undefined {
  let i = from;
  while (i < until && !isBorder(lines[i])) i++;
  if (i >= until) return undefined;
  const headerRows: string[][] = [];
  i++;
  while (i < until && isRow(lines[i])) headerRows.push(cells(lines[i++]));
  if (i >= until || !isBorder(lines[i])) return undefined;
  i++;
  const rows: string[][] = [];
  const first = i;
  for (; i < until; i++) {
    if (isBorder(lines[i])) continue;
    if (!isRow(lines[i])) break;
    rows.push(cells(lines[i]));
  }
  // A headerless key/value table (report_power summary) is one block between two borders.
  if (rows.length === 0) return { header: [], rows: headerRows, line: first - headerRows.length - 1 };
  return { header: headerRows[headerRows.length - 1] ?? [], rows, line: first };
}

/** Column index by header text (case-insensitive, ignoring spaces); -1 when absent. */
export function col(t: TextTable, name: string | RegExp): number {
  const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
  return t.header.findIndex((h) => (typeof name === 'string' ? norm(h) === norm(name) : name.test(h)));
}

/** Row whose first cell matches (trailing `*` stripped: synthesized designs mark `Slice LUTs*`). */
export function row(t: TextTable, name: string | RegExp): string[] | undefined {
  return t.rows.find((r) => {
    const k = (r[0] ?? '').replace(/\*+$/, '').trim();
    return typeof name === 'string' ? k.toLowerCase() === name.toLowerCase() : name.test(k);
  });
}

/** Line index of a line matching `re`, starting at `from`; -1 when absent. */
export function findLine(lines: string[], re: RegExp, from = 0): number {
  for (let i = from; i < lines.length; i++) if (re.test(lines[i])) return i;
  return -1;
}

/**
 * Vivado reports: a numbered section `N. Title` (or `N.M Title`) underlined with dashes. Returns the
 * range [start, end) of its body, up to the next numbered section header.
 */
export function vivadoSection(lines: string[], title: RegExp, file: string, sectionName?: string): { start: number; end: number } {
  // Skip the table of contents: a real section header is followed by a dashes underline.
  for (let i = 0; i < lines.length - 1; i++) {
    const m = /^(\d+(?:\.\d+)*)\.?\s+(.+?)\s*$/.exec(lines[i]);
    if (!m || !title.test(m[2]) || !/^-{3,}\s*$/.test(lines[i + 1])) continue;
    let end = i + 2;
    while (end < lines.length - 1 && !(/^\d+(\.\d+)*\.?\s+\S/.test(lines[end]) && /^-{3,}\s*$/.test(lines[end + 1]))) end++;
    if (end >= lines.length - 1) end = lines.length;
    return { start: i + 2, end };
  }
  throw reportError(`section not found`, { file, section: sectionName ?? title.source.replace(/\\/g, '').replace(/^\^|\$$/g, '') });
}

/** The `| Key : value` header block every Vivado report starts with. */
export function vivadoHeader(lines: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of lines.slice(0, 30)) {
    const m = /^\|\s*([A-Za-z][A-Za-z ]*?)\s*:\s*(.*?)\s*$/.exec(l);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** `Vivado v.2021.1 (lin64) Build …` → '2021.1'. */
export function vivadoVersion(toolVersion: string | undefined): string | undefined {
  return toolVersion ? /v\.?(\d{4}\.\d+(?:\.\d+)?)/.exec(toolVersion)?.[1] : undefined;
}
