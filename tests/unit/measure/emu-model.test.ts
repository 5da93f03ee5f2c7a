import { describe, it, expect } from 'vitest';
import { emulatedRails, emuValue } from '../../../src-main/measure/emu-model';
import { loadBoard } from '../../../src-main/boards/registry';

describe('emulated rails', () => {
  it('splits the PL estimate over the PL rails and honours per-rail figures', () => {
    const z = loadBoard('zcu102');
    const rails = emulatedRails(z, { plPowerW: 3 });
    const pl = z.power.rails.filter((r) => r.group === 'PL').map((r) => r.name);
    const plSum = rails.filter((r) => pl.includes(r.name)).reduce((a, r) => a + r.meanUw, 0);
    expect(plSum).toBeCloseTo(3e6, -1);
    expect(rails.find((r) => r.name === 'VCCINT')!.meanUw).toBe(2_100_000);
    expect(emulatedRails(z, { railWatts: { VCCINT: 0.9 } }).find((r) => r.name === 'VCCINT')!.meanUw).toBe(900_000);
    // a whole-SOM sensor carries PS idle + the PL estimate
    expect(emulatedRails(loadBoard('kv260'), { plPowerW: 2 })[0].meanUw).toBe(3_500_000);
  });

  it('noise stays within mean ± noise and is deterministic', () => {
    const vals = Array.from({ length: 5000 }, (_, i) => emuValue(3, i, 1, 1000, 100));
    expect(Math.min(...vals)).toBeGreaterThanOrEqual(900);
    expect(Math.max(...vals)).toBeLessThanOrEqual(1100);
    expect(emuValue(3, 17, 2, 1000, 100)).toBe(emuValue(3, 17, 2, 1000, 100));
    expect(new Set(vals).size).toBeGreaterThan(150);
  });
});
