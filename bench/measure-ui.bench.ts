/**
 * Board link in serve mode (issue 9): sample-to-UI latency — the agent's sample timestamp → a WebSocket
 * client of `fpga-workbench serve` receiving the 'measure.samples' event that carries it — through the
 * real lab server (a child process, as a user runs it), the API's measure.* methods and the emulator
 * (socat + host agent, ZCU102, 18 rails at 1 kHz). Emulator, server and client share one clock, so the
 * delay is absolute. Also prints the UI message rate (target ≤ 20 messages/s) and bytes per second.
 *
 * Duration: BENCH_MEASURE_UI_SECONDS (default 20).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectWs } from '../src-main/api/node-client';
import type { MeasureSamplesEvent, MeasurementSummary } from '../src-main/api/contract';
import { Reservoir } from '../src-main/measure/stats';

const RATE_HZ = 1000;
const LATENCY_TARGET_MS = 100; // a live chart feels live below ~100 ms
const MSG_RATE_TARGET = 20;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nowUs = () => (performance.timeOrigin + performance.now()) * 1000;

async function startServeChild(home: string): Promise<{ port: number; token: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'fpga-workbench.mjs'), 'serve', '--port', '0'], {
    cwd: repoRoot,
    env: { ...process.env, FPGA_WORKBENCH_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  const m = await new Promise<RegExpExecArray>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve printed no URL in 180 s: ${err.slice(-500)}`)), 180_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const hit = /http:\/\/127\.0\.0\.1:(\d+)\/\?token=([\w-]+)/.exec(out);
      if (hit) {
        clearTimeout(t);
        resolve(hit);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(t);
      reject(new Error(`serve exited (${code}): ${err.slice(-500)}`));
    });
  });
  return {
    port: Number(m[1]),
    token: m[2],
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const k = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => (clearTimeout(k), resolve()));
        child.kill('SIGTERM');
      }),
  };
}

export async function benchMeasureUi(seconds: number): Promise<void> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'fwb-bench-measure-ui-'));
  const srv = await startServeChild(home);
  const client = await connectWs(`ws://127.0.0.1:${srv.port}/api?token=${srv.token}`);
  const power = new Reservoir(2_000_000);
  const latency = new Reservoir(2_000_000);
  const toServerSend = new Reservoir(2_000_000); // agent timestamp → the server sending the batch (link + session + batching)
  const wire = new Reservoir(200_000); // server send → client receive (WS + JSON, per message)
  let messages = 0;
  let bytes = 0;
  let rows = 0;
  let firstAt = 0;
  let lastAt = 0;
  client.raw.on('message', (raw: Buffer) => (bytes += raw.length));
  const off = client.on('measure.samples', (m: MeasureSamplesEvent) => {
    const recv = nowUs();
    if (!firstAt) firstAt = recv;
    lastAt = recv;
    messages++;
    rows += m.power.t.length;
    for (const t of m.power.t) {
      power.add(recv - t);
      toServerSend.add(m.sentUs - t);
    }
    wire.add(recv - m.sentUs);
    for (const t of m.latency.t) latency.add(recv - t);
  });
  try {
    const emu = await client.call('measure.emulator.start', { board: 'zcu102', latencyMs: 5 });
    await client.call('measure.connect', { port: emu.port, board: 'zcu102' });
    const ended = new Promise<MeasurementSummary>((resolve) => client.on('measure.ended', resolve));
    await client.call('measure.start', { rate: RATE_HZ, seconds });
    const sum = await ended;
    await new Promise((r) => setTimeout(r, 200)); // the last batch
    const span = Math.max(1e-3, (lastAt - firstAt) / 1e6);
    const l = sum.stats.link;
    const msgRate = Math.max(0, messages - 1) / span; // intervals between first and last message
    console.log(`  serve mode: fpga-workbench serve (child process) + emulated ZCU102 (${emu.rails.length} rails) at ${RATE_HZ} Hz for ${seconds} s${process.env.BENCH_MEASURE_UI_SECONDS ? ' (BENCH_MEASURE_UI_SECONDS)' : ' (default; BENCH_MEASURE_UI_SECONDS to change)'} [emulated]`);
    console.log(`  UI received ${rows} of ${l.received.powerSamples} power samples the session got (${l.lostBatches} batches lost on the link, ${sum.stats.link.duplicates} duplicates)`);
    const p = (r: Reservoir, q: number) => (r.percentile(q) ?? NaN) / 1000;
    console.log(`  sample-to-UI latency (agent timestamp → WS client), power samples: p50 ${p(power, 50).toFixed(1)} ms, p99 ${p(power, 99).toFixed(1)} ms (target ≤ ${LATENCY_TARGET_MS} ms: p99 at ${(p(power, 99) / LATENCY_TARGET_MS).toFixed(3)}× target)`);
    console.log(`    of which agent → server send (pty, link, session, ≤ 50 ms UI batching): p50 ${p(toServerSend, 50).toFixed(1)} ms, p99 ${p(toServerSend, 99).toFixed(1)} ms; server send → client (WebSocket, JSON): p50 ${p(wire, 50).toFixed(1)} ms, p99 ${p(wire, 99).toFixed(1)} ms`);
    console.log(`  sample-to-UI latency, per-inference latency samples: p50 ${p(latency, 50).toFixed(1)} ms, p99 ${p(latency, 99).toFixed(1)} ms (${latency.count} inferences)`);
    console.log(`  UI message rate: ${msgRate.toFixed(1)} messages/s (target ≤ ${MSG_RATE_TARGET}/s: ${(msgRate / MSG_RATE_TARGET).toFixed(2)}× target), ${(bytes / span / 1024).toFixed(0)} KiB/s over the WebSocket`);
    await client.call('measure.disconnect', {});
    await client.call('measure.emulator.stop', {});
  } finally {
    off();
    client.close();
    await srv.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export default async function (): Promise<void> {
  const seconds = Number(process.env.BENCH_MEASURE_UI_SECONDS ?? 20);
  await benchMeasureUi(seconds > 0 ? seconds : 20);
}
