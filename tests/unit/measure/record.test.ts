import { describe, it, expect } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RecordWriter, loadRecord } from '../../../src-main/measure/record';
import { exportCsv } from '../../../src-main/measure/session';
import { StatsAccumulator } from '../../../src-main/measure/stats';

describe('measurement record', () => {
  it('reloads after a crash: torn last line skipped, duplicate batches dropped, stats recomputed', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rec-'));
    const w = new RecordWriter(dir, 10_000);
    await w.open();
    w.append({ k: 'meta', v: 1, run: 'r1', startedAt: 'x', port: '/dev/x', board: 'zcu102', source: 'measured', rails: ['VCCINT', 'VCCPSAUX'], railGroups: ['PL', 'PS'], agent: {}, rateHz: 1000 });
    w.append({ k: 'pwr', run: 'r1', q: 0, i: 0, t: [0, 1000], v: [[1_000_000, 500_000], [3_000_000, 500_000]] });
    w.append({ k: 'pwr', run: 'r1', q: 0, i: 0, t: [0, 1000], v: [[1_000_000, 500_000], [3_000_000, 500_000]] }); // retransmitted copy
    w.append({ k: 'lat', run: 'r1', q: 1, i: 0, t: [5], ns: [4_000_000] });
    await w.flush(); // fsync'd: survives a crash from here on
    appendFileSync(path.join(dir, 'samples.ndjson'), '{"k":"pwr","run":"r1","q":2,"i":2,"t":[2'); // the crash tore this line
    const rec = await loadRecord(dir);
    expect(rec.skippedLines).toBe(1);
    expect(rec.stats.source).toBe('measured');
    expect(rec.stats.powerSamples).toBe(2);
    expect(rec.stats.rails[0].meanW.value).toBeCloseTo(2.0, 9);
    expect(rec.stats.groups.PS.value).toBeCloseTo(0.5, 9);
    expect(rec.stats.latencyP50!.value).toBeCloseTo(4, 9);
    // 4 ms × 2.5 W = 10 mJ
    expect(rec.stats.energyPerInference!.total.value).toBeCloseTo(10, 9);
    expect(rec.stats.energyPerInference!.total.source).toBe('measured');
    const csv = path.join(dir, 'out.csv');
    await exportCsv(dir, csv);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('# source=measured');
    expect(lines[1]).toBe('kind,index,agent_time_us,VCCINT_W,VCCPSAUX_W,latency_ms');
    expect(lines[2]).toBe('power,0,0,1.000000,0.500000,');
    expect(lines).toHaveLength(5);
    await w.close();
  });

  it('percentiles are nearest-rank over all values', () => {
    const acc = new StatsAccumulator('emulated', [], []);
    acc.addLatency(Array.from({ length: 100 }, (_, i) => (i + 1) * 1e6));
    const s = acc.snapshot();
    expect(s.latencyP50!.value).toBe(50);
    expect(s.latencyP99!.value).toBe(99);
    expect(s.latencyP50!.source).toBe('emulated');
  });
});
