/**
 * Write a generated project directory atomically: everything goes into a temporary sibling
 * directory, which then replaces the target by rename. A reader (or a crash) sees the old project
 * or the new one, never a mixture.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileError } from '../core/errors';
import { safeJoin } from './sanitize';

export interface ProjectFile { path: string; data: string | Uint8Array }

export async function writeProjectDir(dir: string, files: ProjectFile[]): Promise<void> {
  const target = path.resolve(dir);
  const parent = path.dirname(target);
  await fs.mkdir(parent, { recursive: true });
  const tag = `${process.pid}.${randomBytes(4).toString('hex')}`;
  const tmp = path.join(parent, `.${path.basename(target)}.tmp-${tag}`);
  const old = path.join(parent, `.${path.basename(target)}.old-${tag}`);
  await fs.mkdir(tmp);
  try {
    for (const f of files) {
      const p = safeJoin(tmp, f.path);
      await fs.mkdir(path.dirname(p), { recursive: true });
      await fs.writeFile(p, f.data);
    }
    let hadOld = false;
    try {
      const st = await fs.stat(target);
      if (!st.isDirectory()) throw fileError('output path exists and is not a directory', { file: target });
      await fs.rename(target, old);
      hadOld = true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    try {
      await fs.rename(tmp, target);
    } catch (err) {
      if (hadOld) await fs.rename(old, target).catch(() => {});
      throw err;
    }
    if (hadOld) await fs.rm(old, { recursive: true, force: true });
  } catch (err) {
    await fs.rm(tmp, { recursive: true, force: true });
    throw err;
  }
}
