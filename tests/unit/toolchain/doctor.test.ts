import { describe, expect, it } from 'vitest';
import { runDoctor } from '../../../src-main/toolchain/doctor';

describe('doctor', () => {
  it('reports each check on one line and says how to get what is missing', async () => {
    const saved = process.env.PATH;
    process.env.PATH = '/nonexistent-bin';
    try {
      const checks = await runDoctor();
      const byName = new Map(checks.map((c) => [c.name, c]));
      expect(byName.get('node')?.ok).toBe(true);
      expect(byName.get('g++')).toMatchObject({ ok: false, required: true });
      expect(byName.get('g++')?.detail).toMatch(/apt-get install -y g\+\+/);
      expect(byName.get('socat')?.detail).toMatch(/apt-get install -y socat/);
      expect(byName.get('Vitis HLS')?.ok).toBe(false);
      expect(byName.get('Vitis HLS')?.detail).toMatch(/\/nonexistent-bin/);
      for (const c of checks) expect(c.detail).not.toMatch(/\n/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
