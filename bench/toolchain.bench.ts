/**
 * Toolchain: parse time of the largest report fixture (Vitis HLS 2022.1 aggregated csynth.xml, 237 KB)
 * against fast-xml-parser alone on the same text (the floor our parser adds to), and the job runner's
 * overhead per step: a trivial process through runStep (process group, log file, line split,
 * classifier, progress) against a bare spawn of the same process.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import { parseReportText } from '../src-main/toolchain/parsers/report-detect';
import { runStep } from '../src-main/toolchain/job-runner';
import { hlsProgress } from '../src-main/toolchain/progress';

const here = path.dirname(fileURLToPath(import.meta.url));
const FX = path.resolve(here, '..', '..', 'shared', 'fixtures', 'reports');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function time(n: number, fn: () => void): number {
  const ts: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); fn(); ts.push(performance.now() - t0); }
  return median(ts);
}

export default async function (): Promise<void> {
  const files = readdirSync(FX, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((d) => readdirSync(path.join(FX, d.name)).map((f) => path.join(FX, d.name, f)))
    .filter((f) => /\.(xml|rpt|log)$/.test(f));
  const largest = files.sort((a, b) => statSync(b).size - statSync(a).size)[0];
  const text = readFileSync(largest, 'latin1');
  const rel = path.relative(FX, largest);
  for (let i = 0; i < 5; i++) parseReportText(text, rel);
  const ours = time(30, () => parseReportText(text, rel));
  const raw = new XMLParser({ ignoreAttributes: true, parseTagValue: false });
  const floor = time(30, () => raw.parse(text));
  console.log(`  parse ${rel} (${(text.length / 1024).toFixed(0)} KB): ${ours.toFixed(1)} ms median (fast-xml-parser alone: ${floor.toFixed(1)} ms → ${(ours / floor).toFixed(2)}× peer)`);

  let all = 0;
  const t0 = performance.now();
  for (const f of files) { try { parseReportText(readFileSync(f, 'latin1'), f); all++; } catch { /* csim logs are not reports */ } }
  console.log(`  parse all ${all} report fixtures once: ${(performance.now() - t0).toFixed(1)} ms`);

  const dir = mkdtempSync(path.join(os.tmpdir(), 'fwb-bench-tc-'));
  try {
    const n = 30;
    const bare: number[] = [];
    const ours2: number[] = [];
    for (let i = 0; i < n + 3; i++) {
      let s = performance.now();
      await new Promise<void>((resolve) => {
        const c = spawn('/bin/true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
        c.stdout.resume(); c.stderr.resume();
        c.on('close', () => resolve());
      });
      if (i >= 3) bare.push(performance.now() - s);
      s = performance.now();
      await runStep({ name: 'b', cmd: '/bin/true', args: [], cwd: dir, logFile: path.join(dir, `s${i}.log`), progress: hlsProgress() });
      if (i >= 3) ours2.push(performance.now() - s);
    }
    const b = median(bare);
    const o = median(ours2);
    console.log(`  runner per step (/bin/true): ${o.toFixed(2)} ms median vs bare spawn ${b.toFixed(2)} ms → overhead ${(o - b).toFixed(2)} ms, ${(o / b).toFixed(2)}× peer`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
