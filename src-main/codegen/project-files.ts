/**
 * The files of a generated project for the Kernels view: sources and scripts with their text and a
 * highlight.js language name, binary data files by size only. Reads the manifest's file list, so
 * only files the generator wrote are shown (never arbitrary paths).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileError } from '../core/errors';
import { MARKER, type ProjectManifest } from './generate';
import { safeJoin } from './sanitize';

export interface ProjectFileView {
  path: string;
  bytes: number;
  sha256: string;
  kind: 'source' | 'header' | 'testbench' | 'script' | 'data' | 'manifest';
  /** highlight.js language id for text files. */
  language?: 'cpp' | 'tcl' | 'json';
  /** Text of source/script files (absent for binary data). */
  text?: string;
}

export function readProjectFiles(dir: string): { manifest: ProjectManifest; files: ProjectFileView[] } {
  const mf = path.join(dir, MARKER);
  let manifest: ProjectManifest;
  try {
    manifest = JSON.parse(readFileSync(mf, 'utf8')) as ProjectManifest;
  } catch (err) {
    throw fileError('not a generated project (no readable workbench-project.json)', { file: mf }, err);
  }
  const files: ProjectFileView[] = manifest.files.map((f) => {
    const ext = path.extname(f.path);
    const kind: ProjectFileView['kind'] = f.path.startsWith('data/') ? 'data' : f.path.startsWith('tb/') ? 'testbench' : ext === '.tcl' ? 'script' : ext === '.h' ? 'header' : 'source';
    const language = kind === 'data' ? undefined : ext === '.tcl' ? 'tcl' : 'cpp';
    return { ...f, kind, language, ...(language ? { text: readFileSync(safeJoin(dir, f.path), 'utf8') } : {}) };
  });
  files.push({ path: MARKER, bytes: readFileSync(mf).length, sha256: '', kind: 'manifest', language: 'json', text: readFileSync(mf, 'utf8') });
  return { manifest, files };
}
