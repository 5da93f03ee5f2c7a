/**
 * mulberry32: a small, fast, seeded generator of uniform numbers in [0, 1). One implementation for the
 * DSE's sampling, the generated testbench input and the tests' random models, so a seed means the same
 * sequence everywhere (tests and recorded sweeps rely on it).
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
