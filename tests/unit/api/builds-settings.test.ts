// The user settings store behind settings.get / settings.set (src-main/project/settings.ts).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { discoveryPaths, readSettings, updateSettings, validateSettings } from '../../../src-main/project/settings';
import { tmpDir } from '../../helpers/tmp';

const t = tmpDir('fwb-settings-');
afterAll(() => t.cleanup());

const errorOf = async (p: Promise<unknown>) => {
  try { await p; } catch (e) { return e as { code: string; message: string; context: Record<string, unknown> }; }
  throw new Error('expected a failure');
};

describe('user settings', () => {
  it('reads defaults when nothing was saved', async () => {
    expect(await readSettings(path.join(t.dir, 'none.json'))).toEqual({ toolPaths: [], settings64: [], queueLimit: 1 });
  });

  it('merges updates, writes atomically (no temp files left) and reads them back', async () => {
    const file = path.join(t.dir, 'a', 'settings.json');
    await updateSettings({ toolPaths: ['/tools/Xilinx'] }, 'test', file);
    const s = await updateSettings({ queueLimit: 3, settings64: [' /opt/Xilinx/Vivado/2023.1/settings64.sh '] }, 'test', file);
    expect(s).toEqual({ toolPaths: ['/tools/Xilinx'], settings64: ['/opt/Xilinx/Vivado/2023.1/settings64.sh'], queueLimit: 3 });
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ schema: 1, queueLimit: 3 });
    expect(readdirSync(path.dirname(file))).toEqual(['settings.json']);
    expect(await readSettings(file)).toEqual(s);
    expect(discoveryPaths(s)).toEqual(['/tools/Xilinx', '/opt/Xilinx/Vivado/2023.1/settings64.sh']);
  });

  it('a corrupt or invalid file gives an error naming the file and the field', async () => {
    const bad = path.join(t.dir, 'bad.json');
    writeFileSync(bad, '{"toolPaths": [');
    const e1 = await errorOf(readSettings(bad));
    expect(e1.code).toBe('E_SCHEMA');
    expect(e1.context.file).toBe(bad);
    writeFileSync(bad, JSON.stringify({ toolPaths: ['/x', 7] }));
    const e2 = await errorOf(readSettings(bad));
    expect(e2.context).toEqual({ file: bad, field: 'toolPaths[1]' });
    expect(e2.message).toContain(bad);
  });

  it('refuses unknown keys, relative paths, non-scripts and out-of-range limits', () => {
    const field = (v: unknown) => { try { validateSettings(v, 'x', true); } catch (e) { return (e as { context: { field: string } }).context.field; } return undefined; };
    expect(field({ toolpaths: [] })).toBe('toolpaths');
    expect(field({ toolPaths: 'x' })).toBe('toolPaths');
    expect(field({ toolPaths: ['rel'] })).toBe('toolPaths[0]');
    expect(field({ settings64: ['/opt/settings64.csh'] })).toBe('settings64[0]');
    expect(field({ queueLimit: 1.5 })).toBe('queueLimit');
    expect(field({ queueLimit: 9 })).toBe('queueLimit');
    expect(field([])).toBe('(root)');
    expect(field({ queueLimit: 8 })).toBeUndefined();
  });
});
