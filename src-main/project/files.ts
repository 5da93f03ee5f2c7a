import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';

export interface FileEntry { path: string; size: number; kind: 'file' | 'dir' }

const MAX_TEXT = 2 * 1024 * 1024;
const SKIP = new Set(['node_modules', '.git', 'build-sim']);

/** The files of a generated or user HLS project, for the Kernels view (relative paths, sorted). */
export async function listProjectFiles(root: string, maxEntries = 2000): Promise<FileEntry[]> {
  const base = path.resolve(root);
  const out: FileEntry[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      throw new WorkbenchError('E_FILE', `cannot list: ${(err as Error).message}`, { file: dir });
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (out.length >= maxEntries || SKIP.has(e.name) || e.name.startsWith('.')) continue;
      const abs = path.join(dir, e.name);
      const rel = path.relative(base, abs);
      if (e.isDirectory()) {
        out.push({ path: rel, size: 0, kind: 'dir' });
        if (depth < 8) await walk(abs, depth + 1);
      } else if (e.isFile()) {
        out.push({ path: rel, size: (await fs.stat(abs)).size, kind: 'file' });
      }
    }
  }
  await walk(base, 0);
  return out;
}

/** Read one text file inside root; refuses anything that resolves outside it, and binaries. */
export async function readProjectFile(root: string, rel: string): Promise<{ path: string; text: string; truncated: boolean }> {
  const base = path.resolve(root);
  const abs = path.resolve(base, rel);
  if (abs !== base && !abs.startsWith(base + path.sep)) throw new WorkbenchError('E_INPUT', 'path is outside the project', { file: rel });
  const real = await fs.realpath(abs).catch(() => {
    throw new WorkbenchError('E_FILE', 'no such file', { file: abs });
  });
  const realBase = await fs.realpath(base);
  if (real !== realBase && !real.startsWith(realBase + path.sep)) throw new WorkbenchError('E_INPUT', 'path leaves the project through a link', { file: rel });
  const fh = await fs.open(real, 'r');
  try {
    const st = await fh.stat();
    const len = Math.min(st.size, MAX_TEXT);
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, 0);
    if (buf.subarray(0, Math.min(len, 8192)).includes(0)) throw new WorkbenchError('E_FILE', `binary file (${st.size} bytes) is not shown`, { file: abs });
    return { path: rel, text: buf.toString('utf8'), truncated: st.size > MAX_TEXT };
  } finally {
    await fh.close();
  }
}
