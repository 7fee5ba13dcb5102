/*
 * The benchmark's data and settings, shared by bench.ts (Node) and the pages (browser).
 * Deterministic: a seeded PRNG, so every run and every library draws exactly the same lines.
 */

export const SETTINGS = {
  series: 20,
  points: 2000,
  stepSeconds: 15,
  width: 1200,
  height: 300,
  warmupRenders: 3,
  measuredRenders: 15,
  /** Fixed so the data do not depend on the clock. */
  startUnixSeconds: 1_800_000_000,
  seed: 42,
} as const;

/** mulberry32: small, fast and good enough for noise. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchData {
  /** Unix seconds, 15 s apart. */
  times: number[];
  /** One array of values per series. */
  values: number[][];
  names: string[];
}

/** 20 noisy sines (different phase, period and level) over 2000 shared timestamps. */
export function generateData(): BenchData {
  const random = prng(SETTINGS.seed);
  const times = Array.from(
    { length: SETTINGS.points },
    (_, i) => SETTINGS.startUnixSeconds + i * SETTINGS.stepSeconds,
  );
  const values = Array.from({ length: SETTINGS.series }, (_, s) => {
    const level = 50 + s * 10;
    const amplitude = 20 + (s % 5) * 5;
    const period = 150 + s * 17;
    const phase = s * 0.7;
    return times.map(
      (_t, i) =>
        level +
        amplitude * Math.sin((2 * Math.PI * i) / period + phase) +
        (random() - 0.5) * 8,
    );
  });
  const names = values.map((_v, s) => `series ${s + 1}`);
  return { times, values, names };
}
