/**
 * Child process of bench/import.bench.ts: one tool, one file, clean RSS. Prints one JSON line:
 * { ms, rssBefore, maxRss } (bytes). argv: tool (ours | ort | exec-ours | exec-ort) file input-shape [warm-up model].
 */
import { readFileSync } from 'node:fs';

const [tool, file, shapeArg, warmFile] = process.argv.slice(2);
const shape = (shapeArg ?? '1,3,224,224').split(',').map(Number);
const n = shape.reduce((a, b) => a * b, 1);
const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37));

async function main(): Promise<void> {
  // Load each tool's code before the baseline so RSS growth is what the model costs.
  const { importModel } = await import('../src-main/graph/import-model');
  const { execute } = await import('../src-main/graph/execute');
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  // Warm each tool on a tiny model first (code compiled, runtime initialised) so the figures are the model's cost.
  if (warmFile) {
    if (tool.endsWith('ours')) await importModel(warmFile);
    else await (await ort.InferenceSession.create(readFileSync(warmFile))).release();
  }
  global.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  let ms = 0;
  let runMs: number | undefined;
  let phases: unknown;
  if (tool === 'ours') {
    phases = (await importModel(file)).timings;
    ms = performance.now() - t0;
  } else if (tool === 'ort') {
    const s = await ort.InferenceSession.create(readFileSync(file));
    ms = performance.now() - t0;
    await s.release();
  } else if (tool === 'exec-ours') {
    const { graph, structure } = await importModel(file);
    const input = graph.inputs[0].name;
    const t1 = performance.now();
    execute(graph, new Map([[input, { name: input, dtype: 'float32', dims: shape, data: x }]]));
    runMs = performance.now() - t1;
    void structure;
  } else if (tool === 'exec-ort') {
    const s = await ort.InferenceSession.create(readFileSync(file));
    const input = s.inputNames[0];
    const feeds = { [input]: new ort.Tensor('float32', x, shape) };
    await s.run(feeds); // first run pays kernel set-up; report a steady run
    const t1 = performance.now();
    await s.run(feeds);
    runMs = performance.now() - t1;
  } else throw new Error(`unknown tool ${tool}`);
  const maxRss = peakRss();
  process.stdout.write(JSON.stringify({ ms, runMs, rssBefore, maxRss, phases }) + '\n');
}

/**
 * Peak RSS of this process image. getrusage's maxRSS survives fork + exec on Linux (it would report the
 * parent's size), so read the memory map's own high-water mark, VmHWM, where /proc exists.
 */
function peakRss(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch { /* not Linux */ }
  return process.resourceUsage().maxRSS * 1024;
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
