/**
 * Acceptance: 1 kHz power samples for 60 s over a real pty (socat + the host-built agent) with 0 lost
 * and 0 duplicated; every sample index 0..59999 arrives once and carries the agent's deterministic value.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type BoardEmulator } from '../../../src-main/measure/emulator';
import { connect, type MeasureSession } from '../../../src-main/measure/session';
import { expectedRailSample } from '../../../src-main/measure/emu-model';
import { loadRecord } from '../../../src-main/measure/record';

let emu: BoardEmulator | undefined;
let session: MeasureSession | undefined;
afterAll(async () => {
  await session?.close().catch(() => {});
  await emu?.stop();
});

describe('pty link, sustained', () => {
  it('1 kHz power for 60 s: 0 lost, 0 duplicated, every value as the agent produced it', async () => {
    const seconds = 60;
    emu = await startEmulator({ board: 'zcu102', latencyMs: 4, seed: 4242, chatterMs: 700 });
    session = await connect({ path: emu.info.hostPath, board: 'zcu102' });
    expect(session.source).toBe('emulated');
    const seen = new Uint8Array(seconds * 1000);
    let wrong = 0;
    const rails = emu.info.rails;
    session.on('power', (b: { first: number; values: number[][]; source: string }) => {
      expect(b.source).toBe('emulated');
      b.values.forEach((row, j) => {
        const idx = b.first + j;
        seen[idx]++;
        row.forEach((v, r) => {
          if (v !== expectedRailSample(emu!.info.seed, idx, r, rails[r].meanUw, rails[r].noiseUw)) wrong++;
        });
      });
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pty-sustained-'));
    await session.start({ rateHz: 1000, seconds, recordDir: dir });
    const sum = await session.whenEnded();
    expect(sum.reason).toBe('time');
    expect(sum.source).toBe('emulated');
    expect(sum.stats.link.received.powerSamples).toBe(seconds * 1000);
    expect(sum.stats.link.lostSamples).toEqual({ power: 0, latency: 0 });
    expect(sum.stats.link.lostBatches).toBe(0);
    expect(sum.stats.link.duplicates).toBe(0);
    // a clean link needs no retransmission at all (a batch dropped at start or on a full queue would show here)
    expect(sum.stats.link.retransmitRequests).toBe(0);
    expect(sum.stats.link.crcRejects).toBe(0);
    expect(wrong).toBe(0);
    expect(seen.every((n) => n === 1)).toBe(true);
    expect(sum.stats.powerRateHz!.value).toBeGreaterThan(990);
    expect(sum.stats.powerRateHz!.value).toBeLessThan(1010);
    expect(sum.stats.latencyP50!.source).toBe('emulated');
    // the record on disk holds the same samples
    const rec = await loadRecord(dir);
    expect(rec.stats.powerSamples).toBe(seconds * 1000);
    expect(rec.meta?.source).toBe('emulated');
  }, 120_000);
});
