/**
 * hls/sim ap_fixed speed: a 16-bit ap_fixed multiply-accumulate loop (384x384 matrix-vector
 * product, 1,000 times, accumulating in ap_fixed<32,12>) against the same loop in float, both built
 * with g++ -O2. Target (issue 5): ap_fixed time <= 3x float time.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TARGET = 3;

export default async function (): Promise<void> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ap-fixed-'));
  try {
    const exe = path.join(tmp, 'mac');
    const cc = spawnSync('g++', ['-std=c++14', '-O2', '-I', path.join(repo, 'hls', 'sim'), path.join(repo, 'bench', 'ap-fixed', 'mac.cpp'), '-o', exe], { encoding: 'utf8' });
    if (cc.status !== 0) throw new Error(`g++ failed:\n${cc.stderr}`);
    const r = spawnSync(exe, ['1000'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`mac bench failed:\n${r.stderr}`);
    const [fixedS, floatS, fixed16S] = r.stdout.trim().split(/\s+/).map(Number);
    const ratio = fixedS / floatS;
    const ratio16 = fixed16S / floatS;
    console.log(`  ap_fixed<16,6> MAC 384x384 x1000 (-O2), ap_fixed<32,12> accumulator: ${fixedS.toFixed(3)} s; float: ${floatS.toFixed(3)} s`);
    console.log(`  ap_fixed / float = ${ratio.toFixed(2)}x (target <= ${TARGET}x: ${(ratio / TARGET).toFixed(2)} of the target)`);
    console.log(`  same loop accumulating in ap_fixed<16,6>: ${fixed16S.toFixed(3)} s = ${ratio16.toFixed(2)}x float (target <= ${TARGET}x)`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
