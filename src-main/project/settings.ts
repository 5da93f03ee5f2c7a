/**
 * User settings (per user, not per project): where the Xilinx tools are and how many heavy builds may
 * run at once. Stored as `userDataDir()/settings.json`, written atomically; an invalid file or update
 * gives an error naming the file and the bad field.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { userDataDir } from '../core/app-dirs';
import { writeJsonAtomic } from '../core/atomic-write';
import { WorkbenchError } from '../core/errors';
import type { UserSettings } from './types';

export type { UserSettings } from './types';

export const SETTINGS_SCHEMA = 1;
export const MAX_QUEUE_LIMIT = 8;
export const DEFAULT_SETTINGS: UserSettings = { toolPaths: [], settings64: [], queueLimit: 1 };

export const settingsFile = () => path.join(userDataDir(), 'settings.json');

/**
 * Validate a (partial) settings object. Unknown keys are refused so a typo does not silently do
 * nothing. `where` is the file (or API method) named in errors.
 */
export function validateSettings(value: unknown, where: string, partial = false): Partial<UserSettings> {
  const bad = (field: string, msg: string) => new WorkbenchError('E_SCHEMA', msg, { file: where, field });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('(root)', 'expected a JSON object');
  const v = value as Record<string, unknown>;
  const out: Partial<UserSettings> = {};
  for (const k of Object.keys(v)) {
    if (k !== 'schema' && k !== 'toolPaths' && k !== 'settings64' && k !== 'queueLimit') throw bad(k, `unknown setting (known: toolPaths, settings64, queueLimit)`);
  }
  for (const key of ['toolPaths', 'settings64'] as const) {
    if (v[key] === undefined) continue;
    const list = v[key];
    if (!Array.isArray(list)) throw bad(key, 'must be a list of paths');
    if (list.length > 64) throw bad(key, 'at most 64 paths');
    out[key] = list.map((p, i) => {
      if (typeof p !== 'string') throw bad(`${key}[${i}]`, 'must be a string');
      const s = p.trim();
      if (!s) throw bad(`${key}[${i}]`, 'must not be empty');
      if (s.length > 4096) throw bad(`${key}[${i}]`, 'is too long');
      if (!path.isAbsolute(s)) throw bad(`${key}[${i}]`, `must be an absolute path, got '${s}'`);
      if (key === 'settings64' && !s.endsWith('.sh')) throw bad(`${key}[${i}]`, `must be a settings64.sh script, got '${s}'`);
      return s;
    });
  }
  if (v.queueLimit !== undefined) {
    const n = v.queueLimit;
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_QUEUE_LIMIT) throw bad('queueLimit', `must be an integer from 1 to ${MAX_QUEUE_LIMIT}`);
    out.queueLimit = n;
  }
  if (!partial) return { ...DEFAULT_SETTINGS, ...out };
  return out;
}

/** The saved settings, or the defaults when none were saved yet. */
export async function readSettings(file = settingsFile()): Promise<UserSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ...DEFAULT_SETTINGS };
    throw new WorkbenchError('E_FILE', `cannot read settings: ${(err as Error).message}`, { file });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new WorkbenchError('E_SCHEMA', `not valid JSON (${(err as Error).message})`, { file });
  }
  return validateSettings(parsed, file) as UserSettings;
}

/** Merge a validated partial update into the saved settings and write them atomically. */
export async function updateSettings(update: unknown, where = 'settings', file = settingsFile()): Promise<UserSettings> {
  const patch = validateSettings(update, where, true);
  const next: UserSettings = { ...(await readSettings(file)), ...patch };
  await writeJsonAtomic(file, { schema: SETTINGS_SCHEMA, ...next });
  return next;
}

/** Every path discovery should look at: tool paths first, then the settings64.sh scripts. */
export const discoveryPaths = (s: UserSettings): string[] => [...s.toolPaths, ...s.settings64];
