/**
 * `npm run bench [-- NAME…]`: runs every bench/*.bench.ts in name order (or only those whose name
 * contains one of the arguments). Each bench module exports `default async function (): Promise<void>`
 * and prints its own figures and ratios against the named peers, one line per figure.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();

let failed = 0;
for (const f of files) {
  console.log(`\n== ${f.replace(/\.bench\.ts$/, '')} ==`);
  try {
    const mod = await import(pathToFileURL(path.join(dir, f)).href);
    await mod.default();
  } catch (err) {
    failed++;
    console.log(`  FAILED: ${(err as Error).stack ?? err}`);
  }
}
process.exitCode = failed ? 1 : 0;
