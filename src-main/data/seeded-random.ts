// A tiny seeded random generator: integer arithmetic only, so a seed gives the same sequence on every machine.

/**
 * SplitMix32: a Weyl sequence passed through MurmurHash3's 32-bit finaliser. Statistically plenty for
 * drawing subsets, and defined entirely by Math.imul and unsigned shifts.
 */
export function splitMix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A uniform integer in [0, bound) from a 32-bit draw; the tiny bias is irrelevant at dataset sizes. */
export function randomBelow(next: () => number, bound: number): number {
  return Math.floor((next() / 0x1_0000_0000) * bound);
}
