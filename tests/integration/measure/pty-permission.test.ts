/**
 * The permission-denied message, end to end: a real pty (socat) set to mode 0600, root-owned, opened
 * by `fpga-workbench measure` running as the unprivileged user nobody — a genuine EACCES on a tty, as
 * with a ttyUSB when the user is not in dialout. Root ignores file modes, so this needs root to drop
 * privileges and is skipped otherwise (CI runs as root); the errno/message mapping itself is
 * unit-tested in tests/unit/measure/ports.test.ts.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { startSocat, type SocatPair } from '../../../src-main/measure/emulator';
import { openPort } from '../../../src-main/measure/ports';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const isRoot = process.getuid?.() === 0;
let pair: SocatPair | undefined;
let pair2: SocatPair | undefined;
afterAll(() => {
  pair?.proc.kill('SIGTERM');
  pair2?.proc.kill('SIGTERM');
});

describe.runIf(isRoot)('permission denied on a real pty', () => {
  it('measure as a user without access names the port and the dialout group', async () => {
    pair = await startSocat();
    // socat made the ptys; restrict the board end to root only, as a ttyUSB without dialout membership
    spawnSync('chmod', ['0600', pair.b]);
    const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'fpga-workbench.mjs'), 'measure', '--port', pair.b, '--board', 'zcu102', '--seconds', '1'], {
      uid: 65534,
      gid: 65534,
      cwd: os.tmpdir(),
      env: { PATH: process.env.PATH, HOME: os.tmpdir(), USER: 'nobody' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(pair.b);
    expect(r.stderr).toMatch(/permission denied/);
    expect(r.stderr).toMatch(/dialout group/);
  }, 40_000);
});

describe('busy port', () => {
  it('a second open of a port in use says it is busy and names it', async () => {
    pair2 = await startSocat();
    const first = await openPort(pair2.b);
    try {
      await expect(openPort(pair2.b)).rejects.toThrow(new RegExp(`${pair2.b.replace(/\//g, '\\/')} is busy: another program holds it`));
    } finally {
      await new Promise<void>((r) => first.close(() => r()));
    }
  });
});
