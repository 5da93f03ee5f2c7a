/**
 * Defaults the API sections share for what a request leaves out: the board (the project's, else ZCU102)
 * and where a model source points (an --arch spec or preset as given, a file relative to the open project).
 */
import path from 'node:path';
import type { AppContext } from './app-context';
import { inputError } from '../core/errors';
import type { BoardSpec } from '../boards/board-spec';
import { listBoards, loadBoard } from '../boards/registry';
import { importModel, looksLikeArch, type ImportRequest } from '../graph/import-model';

/** The board a request is about: the given id, else the open project's, else ZCU102 (or the first installed). */
export function boardFor(app: AppContext, id: string | undefined): BoardSpec {
  const wanted = id ?? app.project?.settings.board;
  if (wanted) return loadBoard(wanted);
  const all = listBoards();
  const b = all.find((x) => x.id === 'zcu102') ?? all[0];
  if (!b) throw inputError('no boards are installed (boards/*.json)', { field: 'board' });
  return b;
}

/** A path the user typed: relative to the open project when there is one (the server's cwd means nothing to a browser user). */
export function projectPath(app: AppContext, p: string): string {
  return path.resolve(app.project && !path.isAbsolute(p) ? app.project.dir : process.cwd(), p);
}

/** What to import for a model source: a spec or preset as it is, a file path resolved against the open project. */
export function modelTarget(app: AppContext, source: string, dims?: Record<string, number>): string | ImportRequest {
  return looksLikeArch(source) ? source : { file: projectPath(app, source), dims };
}

/** Import a model source and make it the open model that every section works on. */
export async function openModel(app: AppContext, source: string, dims?: Record<string, number>): Promise<NonNullable<AppContext['model']>> {
  app.model = { source, imported: await importModel(modelTarget(app, source, dims)) };
  return app.model;
}
