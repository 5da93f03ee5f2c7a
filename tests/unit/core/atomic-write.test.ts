import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeJsonAtomic } from '../../../src-main/core/atomic-write';
import { tmpDir } from '../../helpers/tmp';

describe('atomic writes', () => {
  it('replaces the content whole and leaves no temp file', async () => {
    const t = tmpDir();
    const f = path.join(t.dir, 'sub', 'run.json');
    await writeJsonAtomic(f, { a: 1 });
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeJsonAtomic(f, { a: i, pad: 'x'.repeat(10000) })));
    const v = JSON.parse(readFileSync(f, 'utf8'));
    expect(v.pad).toHaveLength(10000);
    expect(readdirSync(path.dirname(f))).toEqual(['run.json']);
    t.cleanup();
  });

  it('fails cleanly when the target is a directory, leaving no temp file', async () => {
    const t = tmpDir();
    await expect(writeFileAtomic(t.dir, 'x')).rejects.toThrow();
    expect(readdirSync(path.dirname(t.dir)).filter((n) => n.includes(path.basename(t.dir)) && n.endsWith('.tmp'))).toEqual([]);
    t.cleanup();
  });
});
