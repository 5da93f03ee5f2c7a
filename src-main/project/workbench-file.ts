import { promises as fs } from 'node:fs';
import path from 'node:path';
import { WorkbenchError } from '../core/errors';
import { writeJsonAtomic } from '../core/atomic-write';
import type { ProjectInfo, ProjectSettings } from '../api/contract';

export const WORKBENCH_FILE = 'workbench.json';
export const SCHEMA_VERSION = 1;

/** workbench.json on disk. Older schema versions are migrated on load; newer ones are refused. */
export interface WorkbenchFile {
  schema: number;
  name: string;
  settings: ProjectSettings;
  createdAt: string;
}

/** Validate a parsed workbench.json; the error names the file and the bad field. */
export function validateWorkbenchFile(value: unknown, file: string): WorkbenchFile {
  const bad = (field: string, msg: string) => new WorkbenchError('E_SCHEMA', msg, { file, field });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('(root)', 'expected a JSON object');
  const v = value as Record<string, unknown>;
  if (typeof v.schema !== 'number' || !Number.isInteger(v.schema) || v.schema < 1) throw bad('schema', 'must be a positive integer');
  if (v.schema > SCHEMA_VERSION) throw bad('schema', `version ${v.schema} is newer than this workbench understands (${SCHEMA_VERSION}); update fpga-workbench`);
  if (typeof v.name !== 'string' || !v.name.trim()) throw bad('name', 'must be a non-empty string');
  const s = v.settings ?? {};
  if (typeof s !== 'object' || s === null || Array.isArray(s)) throw bad('settings', 'must be an object');
  const st = s as Record<string, unknown>;
  for (const key of ['model', 'board', 'precision', 'tiles'] as const) {
    if (st[key] !== undefined && typeof st[key] !== 'string') throw bad(`settings.${key}`, 'must be a string');
  }
  if (st.clockMHz !== undefined && (typeof st.clockMHz !== 'number' || !(st.clockMHz > 0 && st.clockMHz <= 1000))) {
    throw bad('settings.clockMHz', 'must be a number of MHz in (0, 1000]');
  }
  return {
    schema: SCHEMA_VERSION,
    name: v.name,
    settings: st as ProjectSettings,
    createdAt: typeof v.createdAt === 'string' ? v.createdAt : new Date(0).toISOString(),
  };
}

export async function readProject(dirOrFile: string): Promise<ProjectInfo> {
  const { dir, file } = await locate(dirOrFile);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw new WorkbenchError('E_FILE', (err as NodeJS.ErrnoException).code === 'ENOENT' ? `no ${WORKBENCH_FILE} here; create a project first` : `cannot read: ${(err as Error).message}`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new WorkbenchError('E_SCHEMA', `not valid JSON (${(err as Error).message})`, { file });
  }
  const wb = validateWorkbenchFile(parsed, file);
  return { dir, file, name: wb.name, schema: wb.schema, settings: wb.settings };
}

export async function createProject(dir: string, name?: string): Promise<ProjectInfo> {
  const abs = path.resolve(dir);
  const file = path.join(abs, WORKBENCH_FILE);
  try {
    await fs.access(file);
    throw new WorkbenchError('E_FILE', 'a project already exists here', { file });
  } catch (err) {
    if (err instanceof WorkbenchError) throw err;
  }
  const wb: WorkbenchFile = { schema: SCHEMA_VERSION, name: name?.trim() || path.basename(abs), settings: {}, createdAt: new Date().toISOString() };
  await fs.mkdir(path.join(abs, '.workbench', 'runs'), { recursive: true });
  await writeJsonAtomic(file, wb);
  return { dir: abs, file, name: wb.name, schema: wb.schema, settings: wb.settings };
}

export async function updateProjectSettings(info: ProjectInfo, settings: ProjectSettings): Promise<ProjectInfo> {
  const current = JSON.parse(await fs.readFile(info.file, 'utf8')) as WorkbenchFile;
  const next = validateWorkbenchFile({ ...current, settings: { ...current.settings, ...settings } }, info.file);
  await writeJsonAtomic(info.file, next);
  return { ...info, settings: next.settings };
}

async function locate(p: string): Promise<{ dir: string; file: string }> {
  const abs = path.resolve(p);
  let st;
  try {
    st = await fs.stat(abs);
  } catch {
    throw new WorkbenchError('E_FILE', 'no such file or directory', { file: abs });
  }
  return st.isDirectory() ? { dir: abs, file: path.join(abs, WORKBENCH_FILE) } : { dir: path.dirname(abs), file: abs };
}
