import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../core/app-dirs';
import { WorkbenchError } from '../core/errors';
import { createProject, readProject, updateProjectSettings } from '../project/workbench-file';
import { addRecent, readRecent } from '../project/recent';
import { listProjectFiles, readProjectFile } from '../project/files';
import { runDoctor } from '../toolchain/doctor';
import { listBoards } from '../boards/registry';
import { PRESETS } from '../graph/arch-spec';
import { openModel } from './app-inputs';
import { summariseModel } from './model-summary';
import type { ApiMethods, ProjectSettings } from './contract';
import type { AppContext } from './app-context';
import { asObject, num, str } from './validate';
import { buildHandlers } from './handlers-builds';
import { estimateHandlers } from './handlers-estimate';
import { hlsHandlers } from './handlers-hls';
import { measureHandlers } from './handlers-measure';

/** Implementations of one section of the contract: params arrive unvalidated from the wire. */
export type HandlersOf<T> = { [M in keyof T]: (params: unknown) => Promise<T[M] extends { result: infer R } ? R : never> };
export type Handlers = HandlersOf<ApiMethods>;

const pkg = JSON.parse(readFileSync(path.join(repoRoot(), 'package.json'), 'utf8')) as { name: string; version: string };

/** Every API method, implemented once over the core modules; both transports route here. */
export function createHandlers(app: AppContext): Handlers {
  return {
    ...buildHandlers(app),
    ...estimateHandlers(app),
    ...hlsHandlers(app),
    ...measureHandlers(app),
    'app.info': async () => ({ name: pkg.name, version: pkg.version, node: process.versions.node, platform: `${process.platform}-${process.arch}`, mode: app.mode, cwd: process.cwd() }),
    'app.ping': async (p) => {
      const o = asObject(p, 'app.ping');
      return { payload: typeof o.payload === 'string' ? o.payload : undefined, time: Date.now() };
    },
    'doctor.run': async () => runDoctor(),
    'log.recent': async (p) => app.recentLogs(num(asObject(p, 'log.recent'), 'limit', 'log.recent', true, 1, 1000)),

    'project.open': async (p) => {
      const info = await readProject(str(asObject(p, 'project.open'), 'path', 'project.open'));
      app.project = info;
      await addRecent(info.dir);
      app.log('info', 'project', `opened ${info.name} (${info.dir})`);
      return info;
    },
    'project.create': async (p) => {
      const o = asObject(p, 'project.create');
      const info = await createProject(str(o, 'path', 'project.create'), str(o, 'name', 'project.create', true));
      app.project = info;
      await addRecent(info.dir);
      app.log('info', 'project', `created ${info.name} (${info.dir})`);
      return info;
    },
    'project.current': async () => app.project,
    'project.recent': async () => readRecent(),
    'project.update': async (p) => {
      if (!app.project) throw new WorkbenchError('E_INPUT', 'no project is open');
      const o = asObject(p, 'project.update');
      app.project = await updateProjectSettings(app.project, asObject(o.settings, 'project.update') as ProjectSettings);
      return app.project;
    },

    'model.presets': async () => Object.entries(PRESETS).map(([name, p]) => ({ name, spec: p.spec, about: p.about })),
    'model.import': async (p) => {
      const o = asObject(p, 'model.import');
      const source = str(o, 'source', 'model.import');
      const dims = o.dims === undefined ? undefined : (asObject(o.dims, 'model.import') as Record<string, number>);
      const t0 = performance.now();
      const { imported } = await openModel(app, source, dims);
      app.log('info', 'model', `imported ${imported.structure.name}: ${imported.structure.layers.length} layers, ${imported.structure.unplaced.length} unplaced nodes`);
      return summariseModel(source, imported, performance.now() - t0);
    },
    'boards.list': async () => listBoards(),

    'files.list': async (p) => listProjectFiles(str(asObject(p, 'files.list'), 'root', 'files.list')),
    'files.read': async (p) => {
      const o = asObject(p, 'files.read');
      return readProjectFile(str(o, 'root', 'files.read'), str(o, 'path', 'files.read'));
    },

    'jobs.list': async () => app.jobs.list(),
    'jobs.cancel': async (p) => ({ cancelled: app.jobs.cancel(str(asObject(p, 'jobs.cancel'), 'jobId', 'jobs.cancel')) }),

    'bench.stream': async (p) => {
      const o = asObject(p, 'bench.stream');
      const count = num(o, 'count', 'bench.stream', false, 1, 1_000_000);
      const chunkBytes = num(o, 'chunkBytes', 'bench.stream', false, 1, 1 << 20);
      const data = 'x'.repeat(chunkBytes);
      for (let seq = 0; seq < count; seq++) app.bus.emit('bench.chunk', { seq, data });
      return { bytes: count * chunkBytes };
    },
  };
}
