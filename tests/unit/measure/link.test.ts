import { describe, it, expect } from 'vitest';
import { BoardLink } from '../../../src-main/measure/link';
import { decodeLine, encodeFrame, encodePowerBatch, type Frame, type PowerBatch } from '../../../src-main/measure/frame';

/** A scripted agent: answers hello/ready/start, records naks, lets the test push batches. */
function fakeAgent(opts: { echoWrong?: boolean; mode?: string; version?: string } = {}) {
  const sent: Frame[] = [];
  const frames = new Map<number, string>();
  let link!: BoardLink;
  const reply = (s: string) => setImmediate(() => link.push(s));
  const write = (data: string) => {
    const r = decodeLine(data.replace(/\n$/, ''));
    if (r.kind !== 'frame') throw new Error('host sent a bad frame');
    const f = r.frame;
    sent.push(f);
    const id = f.fields.id;
    if (f.type === 'hello')
      reply(encodeFrame('hello', { id, v: opts.version ?? '1', min: opts.version ?? '1', nonce: 'a1', echo: opts.echoWrong ? 'beef' : f.fields.nonce, agent: 'fake', mode: opts.mode ?? 'emulated', board: 'zcu102', backend: 'host', rails: 'A,B', st: 'idle', r: '00000000', nq: '0', t: '1' }));
    else if (f.type === 'ready') reply(encodeFrame('ok', { id }));
    else if (f.type === 'start') reply(encodeFrame('ok', { id, r: 'cafe0001' }));
    else if (f.type === 'nak') {
      for (let s = Number(f.fields.from); s <= Number(f.fields.to); s++) if (frames.has(s)) reply(frames.get(s)!);
      reply(encodeFrame('ok', { id, sent: '1', lo: '0', nq: '9' }));
    }
  };
  return {
    sent,
    frames,
    make(handlers: ConstructorParameters<typeof BoardLink>[1] = {}) {
      link = new BoardLink(write, handlers, { nakRetryMs: 30 });
      return link;
    },
  };
}

const batch = (seq: number, run = 'cafe0001'): PowerBatch => ({ run, seq, first: seq * 2, t: [seq * 10, seq * 10 + 1], values: [[seq, 1], [seq, 2]] });
const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));

describe('BoardLink', () => {
  it('handshakes and takes the emulated/measured label from the agent', async () => {
    const a = fakeAgent({ mode: 'measured' });
    const link = a.make();
    const h = await link.handshake(2000);
    expect(h.mode).toBe('measured');
    expect(h.rails).toEqual(['A', 'B']);
    expect(a.sent.map((f) => f.type)).toEqual(['hello', 'ready']);
    expect(a.sent[1].fields.echo).toBe('a1');
    link.close();
  });

  it('refuses a hello that does not echo our nonce, and a protocol version it does not speak', async () => {
    await expect(fakeAgent({ echoWrong: true }).make().handshake(800)).rejects.toThrow(/no agent answered|echo/);
    await expect(fakeAgent({ version: '7' }).make().handshake(800)).rejects.toThrow(/protocol v7\.\.v7/);
  });

  it('fetches a gap again, drops duplicates and stale runs, and rejects CRC-valid nonsense', async () => {
    const a = fakeAgent();
    const got: number[] = [];
    const link = a.make({ onPower: (b) => got.push(b.seq) });
    await link.handshake(2000);
    const ok = await link.request('start', { rate: '1000' });
    link.beginRun(ok.r);
    for (let s = 0; s < 6; s++) a.frames.set(s, encodePowerBatch(batch(s)));
    link.push(a.frames.get(0)! + a.frames.get(1)! + a.frames.get(3)!); // 2 lost in transit
    await tick(150);
    expect(a.sent.some((f) => f.type === 'nak' && f.fields.from === '2' && f.fields.to === '2')).toBe(true);
    expect(got.sort()).toEqual([0, 1, 2, 3]);
    expect(link.counters.recovered).toBe(1);
    link.push(a.frames.get(1)!); // duplicate
    link.push(encodePowerBatch(batch(4, 'dead0000'))); // old run
    link.push(encodeFrame('pwr', { r: 'cafe0001', q: '4', i: '8', t: '0', n: '1', s: '0:1,2,3' })); // 3 values for 2 rails
    expect(link.counters.duplicates).toBe(1);
    expect(link.counters.staleRun).toBe(1);
    expect(link.counters.rejects.content).toBe(1);
    expect(got).not.toContain(4);
    link.push('garbage \x00\x01 @fw1 pwr 99 zz 00000000\n');
    expect(link.counters.rejects.length + link.counters.rejects.syntax).toBe(1);
    link.close();
  });

  it('learns of tail losses from heartbeats', async () => {
    const a = fakeAgent();
    const link = a.make();
    await link.handshake(2000);
    link.beginRun((await link.request('start', {})).r);
    link.push(encodePowerBatch(batch(0)));
    link.push(encodeFrame('hb', { t: '5', st: 'run', r: 'cafe0001', nq: '3', ns: '6', ni: '0' }));
    expect(link.missing).toBe(2);
    await tick(100);
    expect(a.sent.some((f) => f.type === 'nak' && f.fields.from === '1' && f.fields.to === '2')).toBe(true);
    expect(link.giveUpMissing()).toBe(2);
    expect(link.counters.lostBatches).toBe(2);
    link.close();
  });
});
