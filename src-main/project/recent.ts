import { promises as fs } from 'node:fs';
import path from 'node:path';
import { userDataDir } from '../core/app-dirs';
import { writeJsonAtomic } from '../core/atomic-write';

const MAX_RECENT = 12;
const file = () => path.join(userDataDir(), 'recent-projects.json');

/** Most recently opened project directories, newest first. A corrupt list is treated as empty. */
export async function readRecent(): Promise<string[]> {
  try {
    const v = JSON.parse(await fs.readFile(file(), 'utf8'));
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

export async function addRecent(dir: string): Promise<string[]> {
  const list = [dir, ...(await readRecent()).filter((d) => d !== dir)].slice(0, MAX_RECENT);
  await writeJsonAtomic(file(), list);
  return list;
}
