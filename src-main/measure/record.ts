/**
 * The measurement record on disk: `samples.ndjson` (append-only, fsync'd in batches, so a crash
 * loses at most the last ~250 ms) and `measure.json` (summary, written atomically). A record can be
 * reloaded after a crash: a torn last line is skipped, duplicate batches are dropped by sequence.
 */
import { promises as fs, createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { writeJsonAtomic } from '../core/atomic-write';
import { fileError } from '../core/errors';
import { StatsAccumulator, type MeasureStats } from './stats';

export const SAMPLES_FILE = 'samples.ndjson';
export const SUMMARY_FILE = 'measure.json';

export type RecordLine =
  | { k: 'meta'; v: 1; run: string; startedAt: string; port: string; board: string; source: 'emulated' | 'measured'; rails: string[]; railGroups: string[]; agent: unknown; rateHz: number }
  | { k: 'pwr'; run: string; q: number; i: number; t: number[]; v: number[][] }
  | { k: 'lat'; run: string; q: number; i: number; t: number[]; ns: number[] }
  | { k: 'event'; at: string; what: string; msg?: string }
  | { k: 'console'; at: string; line: string };

/** Buffered appender: lines queue in memory and are written + fsync'd every `flushMs`. */
export class RecordWriter {
  private queue: string[] = [];
  private fh?: fs.FileHandle;
  private timer?: NodeJS.Timeout;
  private chain: Promise<void> = Promise.resolve();
  private failed?: Error;
  readonly file: string;

  constructor(
    readonly dir: string,
    private readonly flushMs = 250,
  ) {
    this.file = path.join(dir, SAMPLES_FILE);
  }

  async open(): Promise<void> {
    await fs.mkdir(this.dir, { recursive: true });
    try {
      this.fh = await fs.open(this.file, 'a');
    } catch (err) {
      throw fileError(`cannot open the sample record: ${(err as Error).message}`, { file: this.file }, err);
    }
    this.timer = setInterval(() => void this.flush(), this.flushMs);
  }

  append(line: RecordLine): void {
    this.queue.push(JSON.stringify(line));
  }

  /** Write and fsync what is queued (serialised: flushes never interleave). */
  flush(): Promise<void> {
    this.chain = this.chain.then(async () => {
      if (!this.fh || !this.queue.length || this.failed) return;
      const data = this.queue.join('\n') + '\n';
      this.queue = [];
      try {
        await this.fh.write(data);
        await this.fh.sync();
      } catch (err) {
        this.failed = err as Error;
      }
    });
    return this.chain;
  }

  get error(): Error | undefined {
    return this.failed;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    await this.fh?.close();
    this.fh = undefined;
  }
}

export async function writeSummary(dir: string, summary: unknown): Promise<string> {
  const file = path.join(dir, SUMMARY_FILE);
  await writeJsonAtomic(file, summary);
  return file;
}

export interface LoadedRecord {
  meta?: Extract<RecordLine, { k: 'meta' }>;
  stats: MeasureStats;
  events: Array<Extract<RecordLine, { k: 'event' }>>;
  /** lines that did not parse (a torn last line after a crash) */
  skippedLines: number;
}

/** Reload a record (e.g. after a crash) and recompute its statistics from the samples. */
export async function loadRecord(dir: string): Promise<LoadedRecord> {
  const file = path.join(dir, SAMPLES_FILE);
  try {
    await fs.access(file);
  } catch (err) {
    throw fileError('no sample record here', { file }, err);
  }
  const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let meta: LoadedRecord['meta'];
  let acc: StatsAccumulator | undefined;
  const seen = new Set<string>();
  const events: LoadedRecord['events'] = [];
  let skipped = 0;
  for await (const text of rl) {
    if (!text.trim()) continue;
    let line: RecordLine;
    try {
      line = JSON.parse(text) as RecordLine;
    } catch {
      skipped++;
      continue;
    }
    if (line.k === 'meta') {
      meta = line;
      acc = new StatsAccumulator(line.source, line.rails, line.railGroups as never[]);
    } else if ((line.k === 'pwr' || line.k === 'lat') && acc) {
      const key = `${line.run}:${line.q}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (line.k === 'pwr') acc.addPower(line.v, line.t);
      else acc.addLatency(line.ns);
    } else if (line.k === 'event') events.push(line);
  }
  if (!acc) throw fileError('sample record has no meta line', { file });
  return { meta, stats: acc.snapshot(), events, skippedLines: skipped };
}
