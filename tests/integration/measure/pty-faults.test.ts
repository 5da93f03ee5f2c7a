/** Agent killed mid-session, cable pulled and plugged back: the session ends or resumes cleanly. */
import { describe, it, expect, afterEach } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmulator, type BoardEmulator } from '../../../src-main/measure/emulator';
import { connect, type MeasureSession } from '../../../src-main/measure/session';
import { loadRecord } from '../../../src-main/measure/record';
import { openPort } from '../../../src-main/measure/ports';
import { BoardLink } from '../../../src-main/measure/link';

let emu: BoardEmulator | undefined;
let session: MeasureSession | undefined;
afterEach(async () => {
  await session?.close().catch(() => {});
  await emu?.stop();
  session = undefined;
  emu = undefined;
});

const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

describe('pty link, faults', () => {
  it('killing the agent mid-session ends it with the samples saved and a clear message', async () => {
    emu = await startEmulator({ board: 'kv260', latencyMs: 2, seed: 5 });
    session = await connect({ path: emu.info.hostPath, board: 'kv260', heartbeatTimeoutMs: 1500, reopenHandshakeMs: 800 });
    const dir = tmp('pty-kill-');
    await session.start({ rateHz: 500, seconds: 30, recordDir: dir });
    await new Promise((r) => setTimeout(r, 2000));
    emu.killAgent('SIGKILL');
    const sum = await session.whenEnded();
    expect(sum.reason).toBe('agent-lost');
    expect(sum.message).toMatch(/agent stopped responding/);
    expect(sum.message).toContain(dir);
    const got = sum.stats.link.received.powerSamples;
    expect(got).toBeGreaterThan(500);
    // saved: the record reloads with exactly the samples the session received, and the summary is on disk
    const rec = await loadRecord(dir);
    expect(rec.stats.powerSamples).toBe(got);
    expect(rec.events.some((e) => e.what === 'ended' && /stopped responding/.test(e.msg ?? ''))).toBe(true);
    expect(JSON.parse(readFileSync(path.join(dir, 'measure.json'), 'utf8')).reason).toBe('agent-lost');
  }, 60_000);

  it('a cable pull during a measurement is survived: reconnect, missed batches fetched again, nothing lost', async () => {
    emu = await startEmulator({ board: 'zcu102', latencyMs: 2, seed: 6, linkDir: tmp('pty-link-') });
    session = await connect({ path: emu.info.hostPath, board: 'zcu102', reconnectWindowMs: 10_000 });
    const states: string[] = [];
    session.on('state', (s: { state: string }) => states.push(s.state));
    const dir = tmp('pty-pull-');
    await session.start({ rateHz: 1000, seconds: 5, recordDir: dir });
    await new Promise((r) => setTimeout(r, 1500));
    await emu.pullCable(1000);
    const sum = await session.whenEnded();
    expect(states).toContain('reconnecting');
    expect(sum.stats.link.reconnects).toBe(1);
    expect(sum.reason).toBe('time');
    expect(sum.stats.link.received.powerSamples).toBe(5000);
    expect(sum.stats.link.lostSamples?.power).toBe(0);
    expect(sum.stats.link.recovered).toBeGreaterThan(0);
    const rec = await loadRecord(dir);
    expect(rec.stats.powerSamples).toBe(5000);
    expect(rec.events.map((e) => e.what)).toEqual(expect.arrayContaining(['disconnected', 'reconnected', 'ended']));
    // after the measurement the session is usable again
    expect(session.state).toBe('idle');
  }, 60_000);

  it('a port that vanishes for good ends the measurement with the samples kept', async () => {
    emu = await startEmulator({ board: 'zcu102', latencyMs: 2, seed: 7, linkDir: tmp('pty-gone-') });
    session = await connect({ path: emu.info.hostPath, board: 'zcu102', reconnectWindowMs: 1500 });
    await session.start({ rateHz: 1000, seconds: 30 });
    await new Promise((r) => setTimeout(r, 1500));
    emu.socat!.kill('SIGKILL'); // the pty pair disappears for good; the agent itself keeps running
    const sum = await session.whenEnded();
    expect(sum.reason).toBe('port-lost');
    expect(sum.message).toMatch(/did not come back within 1.5 s/);
    expect(sum.stats.link.received.powerSamples).toBeGreaterThan(500);
  }, 60_000);

  it('an agent left measuring by a dead host session is stopped and restarted by the next session', async () => {
    emu = await startEmulator({ board: 'kv260', latencyMs: 2, seed: 8 });
    // a host that starts a measurement and dies without stopping it
    const port = await openPort(emu.info.hostPath);
    const orphan = new BoardLink((d) => port.write(d));
    port.on('data', (d) => orphan.push(d));
    await orphan.handshake();
    await orphan.request('start', { rate: '100' });
    orphan.close();
    await new Promise<void>((r) => port.close(() => r()));
    session = await connect({ path: emu.info.hostPath, board: 'kv260' });
    expect(session.hello!.state).toBe('run');
    const warnings: string[] = [];
    session.on('warning', (w: { message: string }) => warnings.push(w.message));
    await session.start({ rateHz: 200, seconds: 1 });
    const sum = await session.whenEnded();
    expect(warnings.join(' ')).toMatch(/earlier measurement/);
    expect(sum.reason).toBe('time');
    expect(sum.stats.link.received.powerSamples).toBe(200);
  }, 30_000);

  it('a board without power sensors (PYNQ-Z1) measures latency only, without rejects', async () => {
    emu = await startEmulator({ board: 'pynq-z1', latencyMs: 8, seed: 9 });
    session = await connect({ path: emu.info.hostPath });
    expect(session.hello!.rails).toEqual([]);
    await session.start({ rateHz: 1000, seconds: 1.5 });
    const sum = await session.whenEnded();
    expect(sum.stats.link.received.powerSamples).toBe(0);
    expect(sum.stats.link.received.latencySamples).toBeGreaterThan(50);
    expect(sum.stats.link.crcRejects + sum.stats.link.rejects.content).toBe(0);
    // the host backend sleeps at least 8 ms minus 5 % jitter per inference
    expect(sum.stats.latencyP50!.value).toBeGreaterThanOrEqual(8 * 0.95);
    expect(sum.stats.latencyP50!.source).toBe('emulated');
  }, 30_000);
});
