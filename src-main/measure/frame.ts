/**
 * Board-link framing (boards/protocol.md), pure functions only: CRC-32, frame encode/decode, payload
 * key=value parsing, sample-batch parsing, and a bounded line splitter that resyncs after garbage.
 *
 * A frame is one line:  `@fw1 <type> <len> <payload> <crc8>\n`
 * CRC-32 (ISO-HDLC, the zlib one) over everything from '@' up to and including the space before the CRC.
 * The length field, the strict token grammar and the CRC together are what make a corrupted line
 * fail instead of yielding a wrong sample.
 */

export const FRAME_MARKER = '@fw1 ';
export const PROTOCOL_VERSION = 1;
/** Bounds: a longer payload is refused on both sides; a longer line without '\n' is dropped as garbage. */
export const MAX_PAYLOAD = 8192;
export const MAX_LINE = 16384;

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32(data: Uint8Array | string, start = 0, end?: number): number {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  const stop = end ?? bytes.length;
  let c = 0xffffffff;
  for (let i = start; i < stop; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const TYPE_RE = /^[a-z]{2,8}$/;
const KEY_RE = /^[a-z][a-z0-9_]{0,15}$/;
const VALUE_RE = /^[\x21-\x3c\x3e-\x7e]+$/; // printable, no space, no '='

export type Fields = Record<string, string>;

export interface Frame {
  type: string;
  fields: Fields;
}

/** Encode a frame (with trailing '\n'). Throws on a field that would break the grammar. */
export function encodeFrame(type: string, fields: Fields): string {
  if (!TYPE_RE.test(type)) throw new Error(`bad frame type '${type}'`);
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields)) {
    if (!KEY_RE.test(k) || !VALUE_RE.test(v)) throw new Error(`bad frame field ${k}=${v}`);
    parts.push(`${k}=${v}`);
  }
  const payload = parts.join(' ');
  if (payload.length > MAX_PAYLOAD) throw new Error(`frame payload too long (${payload.length} > ${MAX_PAYLOAD})`);
  const head = `${FRAME_MARKER}${type} ${payload.length} ${payload} `;
  return `${head}${crc32(head).toString(16).padStart(8, '0')}\n`;
}

export type DecodeResult =
  | { kind: 'frame'; frame: Frame; prefix: string }
  | { kind: 'console'; text: string }
  | { kind: 'reject'; reason: string; prefix: string };

/**
 * Decode one line (without its '\n'). A frame may follow console text on the same line (kernel
 * printk interleaving), so every marker occurrence is tried left to right; text before the frame is
 * returned as `prefix` for the console pane. A line holding a marker but no valid frame is a reject.
 */
export function decodeLine(line: string): DecodeResult {
  if (line.endsWith('\r')) line = line.slice(0, -1);
  let at = line.indexOf(FRAME_MARKER);
  if (at < 0) return { kind: 'console', text: line };
  let reason = 'syntax';
  while (at >= 0) {
    const r = parseFrameAt(line, at);
    if (typeof r !== 'string') return { kind: 'frame', frame: r, prefix: line.slice(0, at) };
    reason = r;
    at = line.indexOf(FRAME_MARKER, at + 1);
  }
  return { kind: 'reject', reason, prefix: line.slice(0, line.indexOf(FRAME_MARKER)) };
}

function parseFrameAt(line: string, at: number): Frame | string {
  let p = at + FRAME_MARKER.length;
  const sp1 = line.indexOf(' ', p);
  if (sp1 < 0) return 'syntax';
  const type = line.slice(p, sp1);
  if (!TYPE_RE.test(type)) return 'syntax';
  p = sp1 + 1;
  const sp2 = line.indexOf(' ', p);
  if (sp2 < 0) return 'syntax';
  const lenStr = line.slice(p, sp2);
  if (!/^(0|[1-9][0-9]{0,4})$/.test(lenStr)) return 'syntax';
  const len = Number(lenStr);
  if (len > MAX_PAYLOAD) return 'length';
  const payloadStart = sp2 + 1;
  const payloadEnd = payloadStart + len;
  // exactly: payload, one space, 8 hex digits, end of line
  if (line.length !== payloadEnd + 9) return 'length';
  if (line[payloadEnd] !== ' ') return 'length';
  const crcStr = line.slice(payloadEnd + 1);
  if (!/^[0-9a-f]{8}$/.test(crcStr)) return 'syntax';
  const want = parseInt(crcStr, 16) >>> 0;
  const got = crc32(Buffer.from(line.slice(at, payloadEnd + 1), 'latin1'));
  if (want !== got) return 'crc';
  const payload = line.slice(payloadStart, payloadEnd);
  const fields: Fields = {};
  if (len > 0) {
    for (const tok of payload.split(' ')) {
      const eq = tok.indexOf('=');
      if (eq <= 0) return 'syntax';
      const k = tok.slice(0, eq);
      const v = tok.slice(eq + 1);
      if (!KEY_RE.test(k) || !VALUE_RE.test(v) || k in fields) return 'syntax';
      fields[k] = v;
    }
  }
  return { type, fields };
}

/**
 * Splits a byte stream into lines with a bounded buffer. A run of more than MAX_LINE bytes without
 * '\n' is discarded (reported through `onOverflow`) and splitting resumes at the next '\n'.
 */
export class LineSplitter {
  private buf = '';
  private dropping = false;
  constructor(
    private readonly onLine: (line: string) => void,
    private readonly onOverflow: (bytes: number) => void = () => {},
    private readonly maxLine = MAX_LINE,
  ) {}

  push(chunk: Buffer | string): void {
    // latin1 keeps a 1:1 byte↔char mapping so the CRC sees the exact bytes received.
    let s = typeof chunk === 'string' ? chunk : chunk.toString('latin1');
    for (;;) {
      const nl = s.indexOf('\n');
      if (nl < 0) {
        if (this.dropping) {
          this.onOverflow(s.length);
          return;
        }
        this.buf += s;
        if (this.buf.length > this.maxLine) {
          this.onOverflow(this.buf.length);
          this.buf = '';
          this.dropping = true;
        }
        return;
      }
      const part = s.slice(0, nl);
      s = s.slice(nl + 1);
      if (this.dropping) {
        this.onOverflow(part.length + 1);
        this.dropping = false;
        continue;
      }
      const line = this.buf + part;
      this.buf = '';
      if (line.length > this.maxLine) this.onOverflow(line.length);
      else this.onLine(line);
    }
  }

  /** Bytes waiting for a newline (bounded by maxLine). */
  get pending(): number {
    return this.buf.length;
  }
}

// ---- sample batches -------------------------------------------------------------------------

export interface PowerBatch {
  run: string;
  seq: number;
  /** index of the first sample in this batch (per run, from 0) */
  first: number;
  /** agent wall-clock µs of each sample */
  t: number[];
  /** µW per rail: values[sample][rail] */
  values: number[][];
}

export interface LatencyBatch {
  run: string;
  seq: number;
  first: number;
  /** agent wall-clock µs when each inference finished */
  t: number[];
  latencyNs: number[];
}

const UINT_RE = /^(0|[1-9][0-9]{0,15})$/;
const HEX8_RE = /^[0-9a-f]{8}$/;

export function uint(fields: Fields, key: string): number {
  const v = fields[key];
  if (v === undefined || !UINT_RE.test(v)) throw new Error(`field ${key} missing or not an unsigned integer`);
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new Error(`field ${key} out of range`);
  return n;
}

function rows(fields: Fields, width: number): { t: number[]; vals: number[][] } {
  const t0 = uint(fields, 't');
  const n = uint(fields, 'n');
  const s = fields.s;
  if (s === undefined) throw new Error('field s missing');
  const rowsStr = s.split(';');
  if (rowsStr.length !== n) throw new Error(`batch says n=${n} but holds ${rowsStr.length} rows`);
  const t: number[] = [];
  const vals: number[][] = [];
  let last = -1;
  for (const r of rowsStr) {
    const colon = r.indexOf(':');
    if (colon <= 0) throw new Error('row without dt');
    const dtStr = r.slice(0, colon);
    if (!UINT_RE.test(dtStr)) throw new Error('bad dt');
    const dt = Number(dtStr);
    if (dt < last) throw new Error('timestamps go backwards');
    last = dt;
    const cells = r.slice(colon + 1).split(',');
    if (cells.length !== width) throw new Error(`row has ${cells.length} values, expected ${width}`);
    const row: number[] = [];
    for (const c of cells) {
      if (!UINT_RE.test(c)) throw new Error('bad value');
      row.push(Number(c));
    }
    t.push(t0 + dt);
    vals.push(row);
  }
  return { t, vals };
}

function header(fields: Fields): { run: string; seq: number; first: number } {
  const run = fields.r;
  if (run === undefined || !HEX8_RE.test(run)) throw new Error('field r missing or not 8 hex digits');
  return { run, seq: uint(fields, 'q'), first: uint(fields, 'i') };
}

/** Parse a `pwr` frame for a link with `nRails` rails; throws on any inconsistency. */
export function parsePowerBatch(f: Frame, nRails: number): PowerBatch {
  const h = header(f.fields);
  const { t, vals } = rows(f.fields, nRails);
  return { ...h, t, values: vals };
}

export function parseLatencyBatch(f: Frame): LatencyBatch {
  const h = header(f.fields);
  const { t, vals } = rows(f.fields, 1);
  return { ...h, t, latencyNs: vals.map((v) => v[0]) };
}

/** Encode a power batch the way the agent does (tests, the TS relay, documentation examples). */
export function encodePowerBatch(b: PowerBatch): string {
  const t0 = b.t[0] ?? 0;
  const s = b.values.map((row, k) => `${b.t[k] - t0}:${row.join(',')}`).join(';');
  return encodeFrame('pwr', { r: b.run, q: String(b.seq), i: String(b.first), t: String(t0), n: String(b.values.length), s });
}
