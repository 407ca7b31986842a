/**
 * Seeded pseudo-random numbers for the demo, tests and benchmarks, so every run sees the same streams.
 * mulberry32 for uniforms; Box–Muller for normals.
 */
export interface Random {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Normal with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** One of the items, with the given weights (need not sum to 1). */
  pick<T>(items: readonly T[], weights?: readonly number[]): T;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  let spareNormal: number | undefined;
  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const standardNormal = (): number => {
    if (spareNormal !== undefined) {
      const z = spareNormal;
      spareNormal = undefined;
      return z;
    }
    let u = 0;
    while (u === 0) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  return {
    uniform,
    normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
    int: (n) => Math.floor(uniform() * n),
    pick: (items, weights) => {
      if (!weights) return items[Math.floor(uniform() * items.length)];
      const total = weights.reduce((a, b) => a + b, 0);
      let r = uniform() * total;
      for (let i = 0; i < items.length; i++) {
        r -= weights[i];
        if (r < 0) return items[i];
      }
      return items[items.length - 1];
    },
  };
}
