import { describe, it, expect } from 'vitest';
import { crc32, decodeLine, encodeFrame, encodePowerBatch, LineSplitter, parsePowerBatch, MAX_LINE } from '../../../src-main/measure/frame';

describe('frame', () => {
  it('CRC-32 matches the standard check value', () => {
    expect(crc32('123456789').toString(16)).toBe('cbf43926');
  });

  it('round-trips a frame and keeps console text before it', () => {
    const f = encodeFrame('ok', { id: '7', t: '123' });
    expect(f.endsWith('\n')).toBe(true);
    const r = decodeLine('[  1.0] kernel: hi ' + f.slice(0, -1));
    expect(r.kind).toBe('frame');
    if (r.kind !== 'frame') return;
    expect(r.frame).toEqual({ type: 'ok', fields: { id: '7', t: '123' } });
    expect(r.prefix).toBe('[  1.0] kernel: hi ');
    expect(decodeLine('plain console line')).toEqual({ kind: 'console', text: 'plain console line' });
  });

  it('rejects every single-bit flip and every byte deletion of a batch frame', () => {
    const line = encodePowerBatch({ run: 'abcdef01', seq: 12, first: 340, t: [1000, 1001, 1003], values: [[1, 2], [3, 4], [5, 6]] }).slice(0, -1);
    const ok = decodeLine(line);
    expect(ok.kind).toBe('frame');
    const bytes = Buffer.from(line, 'latin1');
    let accepted = 0;
    for (let i = 0; i < bytes.length; i++) {
      for (let b = 0; b < 8; b++) {
        const c = Buffer.from(bytes);
        c[i] ^= 1 << b;
        if (c[i] === 10) continue; // a flip to '\n' splits the line: covered by the splitter test
        const r = decodeLine(c.toString('latin1'));
        if (r.kind === 'frame') accepted++;
      }
      const del = Buffer.concat([bytes.subarray(0, i), bytes.subarray(i + 1)]);
      if (decodeLine(del.toString('latin1')).kind === 'frame') accepted++;
    }
    expect(accepted).toBe(0);
  });

  it('parses a power batch strictly', () => {
    const b = { run: 'abcdef01', seq: 3, first: 10, t: [5000, 5010], values: [[100, 200], [101, 201]] };
    const r = decodeLine(encodePowerBatch(b).slice(0, -1));
    if (r.kind !== 'frame') throw new Error('no frame');
    expect(parsePowerBatch(r.frame, 2)).toEqual(b);
    expect(() => parsePowerBatch(r.frame, 3)).toThrow(/expected 3/);
    const bad = decodeLine(encodeFrame('pwr', { r: 'abcdef01', q: '1', i: '0', t: '5', n: '3', s: '0:1;1:2' }).slice(0, -1));
    if (bad.kind !== 'frame') throw new Error('no frame');
    expect(() => parsePowerBatch(bad.frame, 1)).toThrow(/n=3/);
  });

  it('refuses fields that would break the grammar', () => {
    expect(() => encodeFrame('ok', { id: 'a b' })).toThrow();
    expect(() => encodeFrame('OK', { id: '1' })).toThrow();
  });

  it('splitter bounds its buffer and resyncs after an overlong line', () => {
    const lines: string[] = [];
    let dropped = 0;
    const s = new LineSplitter((l) => lines.push(l), (n) => (dropped += n), 64);
    s.push('hello\nwor');
    s.push('ld\n');
    s.push('x'.repeat(50));
    s.push('y'.repeat(50)); // over 64 without newline: dropped
    expect(s.pending).toBe(0);
    s.push('zzz\nafter\n');
    expect(lines).toEqual(['hello', 'world', 'after']);
    expect(dropped).toBeGreaterThanOrEqual(100);
    expect(MAX_LINE).toBeGreaterThan(8192);
  });
});
