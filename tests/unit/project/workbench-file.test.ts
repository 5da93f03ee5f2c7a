import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkbenchError } from '../../../src-main/core/errors';
import { createProject, readProject, updateProjectSettings, validateWorkbenchFile } from '../../../src-main/project/workbench-file';
import { addRecent, readRecent } from '../../../src-main/project/recent';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir();

function expectSchemaError(fn: () => unknown, field: string) {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WorkbenchError);
    expect((err as WorkbenchError).context.field).toBe(field);
    expect((err as WorkbenchError).message).toContain('/x/workbench.json');
    return;
  }
  throw new Error('expected a schema error');
}

describe('workbench.json', () => {
  it('names the file and the bad field', () => {
    expectSchemaError(() => validateWorkbenchFile([], '/x/workbench.json'), '(root)');
    expectSchemaError(() => validateWorkbenchFile({ name: 'a' }, '/x/workbench.json'), 'schema');
    expectSchemaError(() => validateWorkbenchFile({ schema: 99, name: 'a' }, '/x/workbench.json'), 'schema');
    expectSchemaError(() => validateWorkbenchFile({ schema: 1, name: '' }, '/x/workbench.json'), 'name');
    expectSchemaError(() => validateWorkbenchFile({ schema: 1, name: 'a', settings: { board: 7 } }, '/x/workbench.json'), 'settings.board');
    expectSchemaError(() => validateWorkbenchFile({ schema: 1, name: 'a', settings: { clockMHz: 'fast' } }, '/x/workbench.json'), 'settings.clockMHz');
  });

  it('creates, reads and updates a project atomically', async () => {
    const dir = path.join(t.dir, 'p1');
    const info = await createProject(dir, 'P1');
    expect(JSON.parse(readFileSync(info.file, 'utf8')).schema).toBe(1);
    await expect(createProject(dir)).rejects.toThrow(/already exists/);
    const updated = await updateProjectSettings(info, { board: 'zcu104' });
    expect((await readProject(dir)).settings.board).toBe('zcu104');
    expect(updated.settings.board).toBe('zcu104');
  });

  it('gives a clear error for invalid JSON and a missing file', async () => {
    const dir = path.join(t.dir, 'bad');
    mkdirSync(dir);
    await expect(readProject(dir)).rejects.toThrow(/no workbench\.json here/);
    writeFileSync(path.join(dir, 'workbench.json'), '{"schema": 1, "name": ');
    await expect(readProject(dir)).rejects.toThrow(new RegExp(`${path.join(dir, 'workbench.json').replace(/[/.]/g, '\\$&')}: not valid JSON`));
  });

  it('keeps a bounded, de-duplicated recent list and survives a corrupt one', async () => {
    process.env.FPGA_WORKBENCH_HOME = path.join(t.dir, 'home');
    for (let i = 0; i < 20; i++) await addRecent(`/p/${i % 15}`);
    const list = await readRecent();
    expect(list[0]).toBe('/p/4');
    expect(new Set(list).size).toBe(list.length);
    expect(list.length).toBeLessThanOrEqual(12);
    writeFileSync(path.join(t.dir, 'home', 'recent-projects.json'), 'garbage');
    expect(await readRecent()).toEqual([]);
  });
});
