// Build log lines reach the UI batched (one event per ~100 ms per run/step), bounded under a flood.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogBatcher } from '../../../src-main/api/handlers-builds';
import type { LogLineInfo } from '../../../src-main/api/contract';

type Sent = { runId: string; step: string; lines: LogLineInfo[]; dropped?: number };
const line = (i: number): LogLineInfo => ({ line: `line ${i}`, stream: 'stdout' });

describe('LogBatcher', () => {
  afterEach(() => vi.useRealTimers());

  it('sends nothing until the interval ends, then one event per run/step with every line in order', () => {
    vi.useFakeTimers();
    const sent: Sent[] = [];
    const b = new LogBatcher((e) => sent.push(e), 100, 1000);
    for (let i = 0; i < 50; i++) b.push('r1', 'csynth', line(i));
    b.push('r1', 'impl', line(99));
    vi.advanceTimersByTime(99);
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(sent.map((s) => [s.step, s.lines.length, s.dropped])).toEqual([['csynth', 50, undefined], ['impl', 1, undefined]]);
    expect(sent[0].lines.map((l) => l.line)).toEqual(Array.from({ length: 50 }, (_, i) => `line ${i}`));
    vi.advanceTimersByTime(1000);
    expect(sent).toHaveLength(2);
  });

  it('under a flood keeps the newest lines and counts the rest; flush() sends at once', () => {
    vi.useFakeTimers();
    const sent: Sent[] = [];
    const b = new LogBatcher((e) => sent.push(e), 100, 1000);
    const t0 = performance.now();
    for (let i = 0; i < 200_000; i++) b.push('r', 's', line(i));
    expect(performance.now() - t0).toBeLessThan(2000);
    b.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0].lines).toHaveLength(1000);
    expect(sent[0].dropped).toBe(199_000);
    expect(sent[0].lines.at(-1)!.line).toBe('line 199999');
    expect(sent[0].lines[0].line).toBe('line 199000');
    vi.advanceTimersByTime(200);
    expect(sent).toHaveLength(1);
  });
});
