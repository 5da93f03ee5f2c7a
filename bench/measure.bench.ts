/**
 * Board link (issue 9): sustained power-sample rate and loss over a real pty (socat + the host-built
 * agent emulating a ZCU102, 18 rails at 1 kHz), and sample-to-consumer latency p50/p99 (agent sample
 * timestamp → the consumer receiving it; emulator and host share one clock, so the delay is absolute).
 *
 * Duration: BENCH_MEASURE_SECONDS (default 600: the sustained figure is over 10 minutes; 60 for a quick look).
 * Serve mode: pass extra DeliveryProbes to benchMeasure() (e.g. a WebSocket client of `serve` that
 * calls record() for each sample it receives) to get sample-to-UI latency beside the in-process one.
 */
import { startEmulator } from '../src-main/measure/emulator';
import { connect, type MeasureSession } from '../src-main/measure/session';
import { Reservoir } from '../src-main/measure/stats';

const TARGET_HZ = 1000;
const LATENCY_TARGET_MS = 100; // a live chart feels live below ~100 ms

export interface DeliveryProbe {
  name: string;
  /** Subscribe to the session's samples by some route; call record(agentUs, receivedUs) per sample. Returns a detach function. */
  attach(session: MeasureSession, record: (agentUs: number, recvUs: number) => void): Promise<() => Promise<void>>;
}

export const inProcessProbe: DeliveryProbe = {
  name: "session 'power' event (in process)",
  async attach(session, record) {
    const h = (b: { t: number[]; recvUs: number }) => {
      for (const t of b.t) record(t, b.recvUs);
    };
    session.on('power', h);
    return async () => {
      session.off('power', h);
    };
  },
};

export async function benchMeasure(seconds: number, probes: DeliveryProbe[] = [inProcessProbe]): Promise<void> {
  const emu = await startEmulator({ board: 'zcu102', latencyMs: 5, seed: 11 });
  const session = await connect({ path: emu.info.hostPath, board: 'zcu102' });
  const res = probes.map(() => new Reservoir(2_000_000));
  const detach = await Promise.all(probes.map((p, k) => p.attach(session, (agentUs, recvUs) => res[k].add(recvUs - agentUs))));
  try {
    const wall0 = performance.now();
    await session.start({ rateHz: TARGET_HZ, seconds });
    const sum = await session.whenEnded();
    const wall = (performance.now() - wall0) / 1000;
    const l = sum.stats.link;
    const got = l.received.powerSamples;
    const rate = sum.stats.powerRateHz?.value ?? 0;
    console.log(`  duration used: ${seconds} s${process.env.BENCH_MEASURE_SECONDS ? ' (BENCH_MEASURE_SECONDS)' : ' (default: 10 minutes; BENCH_MEASURE_SECONDS=60 for a quick look)'}, wall ${wall.toFixed(1)} s`);
    console.log(`  sustained power sample rate (ZCU102 emulated, ${emu.info.rails.length} rails, pty): ${rate.toFixed(1)} Hz [emulated] (target ${TARGET_HZ} Hz: ${(rate / TARGET_HZ).toFixed(3)}× target)`);
    console.log(`  delivered: ${got} of ${seconds * TARGET_HZ} samples = ${(got / seconds).toFixed(1)} samples/s, ${((got * emu.info.rails.length) / seconds).toFixed(0)} rail values/s`);
    console.log(`  loss: ${l.lostSamples?.power ?? 'unknown'} power samples lost, ${l.lostBatches} batches lost, ${l.duplicates} duplicates (+${l.retransmitDuplicates} retransmit copies), ${l.crcRejects} CRC rejects, ${l.reconnects} reopens (target 0 lost)`);
    console.log(`  ended: ${sum.reason} — ${sum.message}`);
    probes.forEach((p, k) => {
      const p50 = (res[k].percentile(50) ?? NaN) / 1000;
      const p99 = (res[k].percentile(99) ?? NaN) / 1000;
      console.log(`  sample-to-consumer latency via ${p.name}: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (target ≤ ${LATENCY_TARGET_MS} ms: p99 at ${(p99 / LATENCY_TARGET_MS).toFixed(3)}× target)`);
    });
  } finally {
    for (const d of detach) await d();
    await session.close();
    await emu.stop();
  }
}

export default async function (): Promise<void> {
  const seconds = Number(process.env.BENCH_MEASURE_SECONDS ?? 600);
  await benchMeasure(seconds > 0 ? seconds : 600);
}
