/**
 * Lab-server API: round-trip latency of 10,000 small requests over the loopback WebSocket, and
 * throughput of a 100 MB event stream (target ≥ 100 MB/s).
 */
import { connectWs } from '../src-main/api/node-client';
import { startServer } from '../src-main/server';
import { ensureRendererStub } from '../tests/helpers/renderer-stub';

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export default async function (): Promise<void> {
  // The API is what is measured: a one-file page stands in for the built renderer.
  const srv = await startServer({ rendererDir: ensureRendererStub(), port: 0 });
  const client = await connectWs(`ws://127.0.0.1:${srv.port}/api?token=${srv.token}`);
  try {
    for (let i = 0; i < 500; i++) await client.call('app.ping', { payload: 'warm' });
    const n = 10_000;
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = process.hrtime.bigint();
      await client.call('app.ping', { payload: 'p' });
      times.push(Number(process.hrtime.bigint() - t0) / 1e3);
    }
    times.sort((a, b) => a - b);
    console.log(`  WS round trip (${n} sequential app.ping, client and server in one Node process, loopback): p50 ${pct(times, 50).toFixed(0)} µs, p99 ${pct(times, 99).toFixed(0)} µs`);

    const chunk = 64 * 1024;
    const count = Math.ceil((100 * 1024 * 1024) / chunk);
    let received = 0;
    let done!: () => void;
    const finished = new Promise<void>((r) => (done = r));
    client.on('bench.chunk', (c) => {
      received += c.data.length;
      if (c.seq === count - 1) done();
    });
    const t0 = performance.now();
    await client.call('bench.stream', { count, chunkBytes: chunk });
    await finished;
    const s = (performance.now() - t0) / 1000;
    const mbps = received / 1024 / 1024 / s;
    console.log(`  event stream: ${(received / 1024 / 1024).toFixed(0)} MB in ${s.toFixed(2)} s = ${mbps.toFixed(0)} MB/s (target ≥ 100 MB/s: ${(mbps / 100).toFixed(2)}× target)`);
  } finally {
    client.close();
    await srv.close();
  }
}
