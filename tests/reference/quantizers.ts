// The two uniform quantizers of the analog model: levels symmetric about an exact zero, and L levels from min to max.

/** Rounds half away from zero, so that a quantizer symmetric about zero stays symmetric (no case sits on a tie). */
export function roundHalfAwayFromZero(value: number): number {
  return Math.sign(value) * Math.floor(Math.abs(value) + 0.5);
}

/**
 * Clip to [−1, 1], then round to the nearest of the 2·magnitudeLevels + 1 levels k/magnitudeLevels
 * (k = −magnitudeLevels … magnitudeLevels): B-bit weights (magnitudeLevels = 2^(B−1) − 1, README "Weights")
 * and the signed sign–magnitude DAC (2^B − 1 levels, §5).
 */
export function symmetricQuantize(normalized: number, magnitudeLevels: number): number {
  const clipped = Math.min(Math.max(normalized, -1), 1);
  return roundHalfAwayFromZero(clipped * magnitudeLevels) / magnitudeLevels;
}

/**
 * Clip to [min, max], then round to the nearest of `levelCount` evenly spaced levels from min to max (§6; README
 * "ADC"). Used by the ADC, the unsigned DAC (2^B levels on [0, 1]) and the cells (2^c levels on [Gmin, Gmax]).
 */
export function uniformQuantize(value: number, min: number, max: number, levelCount: number): number {
  const clipped = Math.min(Math.max(value, min), max);
  const levelSpacing = (max - min) / (levelCount - 1);
  return min + Math.round((clipped - min) / levelSpacing) * levelSpacing;
}
