/**
 * A seeded uniform [0, 1) generator (mulberry32): MathRandom and $random with a seed must repeat
 * their value, and fault injection with --fault-seed its faults; Math.random cannot be seeded,
 * and a few lines are all a uniform draw needs here.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
