/**
 * Acceptance: garbage and bit flips at 1 in 1,000 bytes (injected by the agent after its CRC, plus
 * console chatter interleaved) never yield an accepted wrong sample; retransmission recovers the rest.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { startEmulator, type BoardEmulator } from '../../../src-main/measure/emulator';
import { connect, type MeasureSession } from '../../../src-main/measure/session';
import { expectedRailSample } from '../../../src-main/measure/emu-model';
import { emuValue } from '../../../src-main/measure/emu-model';

let emu: BoardEmulator | undefined;
let session: MeasureSession | undefined;
afterAll(async () => {
  await session?.close().catch(() => {});
  await emu?.stop();
});

describe('pty link, corrupted', () => {
  it('1 in 1000 bytes corrupted: no wrong sample accepted, nothing lost', async () => {
    const seconds = 8;
    emu = await startEmulator({ board: 'zcu102', latencyMs: 3, seed: 99, corruptPpm: 1000, chatterMs: 150 });
    session = await connect({ path: emu.info.hostPath, board: 'zcu102', handshakeTimeoutMs: 10_000 });
    const rails = emu.info.rails;
    const seen = new Map<number, number>();
    let checked = 0;
    let wrong = 0;
    let badTime = 0;
    const latSeen = new Set<number>();
    const consoleLines: string[] = [];
    session.on('console', (c: { line: string }) => consoleLines.push(c.line));
    session.on('power', (b: { first: number; t: number[]; values: number[][] }) => {
      let prev = 0;
      b.values.forEach((row, j) => {
        const idx = b.first + j;
        seen.set(idx, (seen.get(idx) ?? 0) + 1);
        if (b.t[j] < prev) badTime++;
        prev = b.t[j];
        expect(row).toHaveLength(rails.length);
        row.forEach((v, r) => {
          checked++;
          if (v !== expectedRailSample(emu!.info.seed, idx, r, rails[r].meanUw, rails[r].noiseUw)) wrong++;
        });
      });
    });
    session.on('latency', (b: { first: number; latencyNs: number[] }) => {
      b.latencyNs.forEach((ns, j) => {
        expect(latSeen.has(b.first + j)).toBe(false);
        latSeen.add(b.first + j);
        // the host backend sleeps at least its deterministic target: a measured latency below it would be a corrupted value
        const target = emuValue((emu!.info.seed ^ 0x1a7e0c5) >>> 0, b.first + j, 0, 3e6, 3e6 * 0.05);
        expect(ns).toBeGreaterThanOrEqual(target);
      });
    });
    await session.start({ rateHz: 1000, seconds, batchBytes: 480 });
    const sum = await session.whenEnded();
    const l = sum.stats.link;
    // corruption really happened
    expect(l.crcRejects).toBeGreaterThan(100);
    expect(l.recovered).toBeGreaterThan(50);
    // and never produced a wrong or duplicated sample
    expect(wrong).toBe(0);
    expect(badTime).toBe(0);
    expect(checked).toBe(seen.size * rails.length);
    for (const n of seen.values()) expect(n).toBe(1);
    // retransmission recovered everything
    expect(seen.size).toBe(seconds * 1000);
    expect(l.lostBatches).toBe(0);
    expect(l.duplicates).toBe(0); // retransmit copies are counted apart (retransmitDuplicates) and dropped too
    expect(l.lostSamples).toEqual({ power: 0, latency: 0 });
    expect(consoleLines.some((c) => c.includes('console chatter'))).toBe(true);
  }, 90_000);
});
